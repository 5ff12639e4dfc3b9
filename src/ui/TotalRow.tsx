import type { ReactNode } from 'react';

/** A table's totals row (the DataTable `footer`): the label in the first cell, figures right-aligned. */
export function TotalRow({ cells, testId }: { cells: ReactNode[]; testId?: string }) {
  return (
    <tfoot>
      <tr data-testid={testId}>
        {cells.map((cell, i) => (
          <td key={i} className={i === 0 ? undefined : 'num'}>
            {cell}
          </td>
        ))}
      </tr>
    </tfoot>
  );
}
