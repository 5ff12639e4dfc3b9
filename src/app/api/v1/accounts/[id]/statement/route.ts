import { apiLang, apiRoute, attachment } from '@/server/http/route';
import { endpoints } from '@/server/http/openapi';
import { accountStatement } from '@/server/registry/statement';
import { statementPdf } from '@/server/registry/statementPdf';

// pdfkit reads its font files and uses Node streams: the Node.js runtime, never the edge.
export const runtime = 'nodejs';
export const dynamic = 'force-dynamic';

export const GET = apiRoute(endpoints.statement, async ({ actor, params, query, req }) => {
  const statement = await accountStatement(actor, params.id, query);
  const pdf = await statementPdf(statement, query.lang ?? apiLang(req));
  return attachment(pdf, 'application/pdf', `statement-${statement.account.number}-${query.from}-${query.to}.pdf`);
});
