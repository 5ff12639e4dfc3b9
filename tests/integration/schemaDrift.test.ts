/**
 * Guards against drift between prisma/schema.prisma (as compiled into the generated client) and
 * the hand-written SQL migrations: the migrated test database must have every model's table and
 * column with a compatible type and nullability, every enum with the same values, and nothing
 * the schema does not know about.
 */
import { readFileSync } from 'node:fs';
import { PrismaPg } from '@prisma/adapter-pg';
import pg from 'pg';
import { describe, expect, it } from 'vitest';
import { PrismaClient } from '@/generated/prisma/client';
import { testDatabaseUrl } from '../setup/integrationDb';

/** Columns deliberately created by SQL only (e.g. generated or trigger-maintained): "table.column". */
const SQL_ONLY_COLUMNS = new Set<string>([]);
/** Tables deliberately created by SQL only. */
const SQL_ONLY_TABLES = new Set<string>(['_prisma_migrations']);

interface RuntimeField {
  name: string;
  kind: 'scalar' | 'object' | 'enum' | 'unsupported';
  type: string;
  dbName?: string | null;
}
interface RuntimeModel {
  fields: RuntimeField[];
  dbName: string | null;
  schema?: string | null;
}
interface RuntimeDataModel {
  models: Record<string, RuntimeModel>;
}

/** What the generated client knows: its runtime data model and the schema text it was built from. */
function generatedClientModel(): { dataModel: RuntimeDataModel; inlineSchema: string } {
  const client = new PrismaClient({ adapter: new PrismaPg({ connectionString: testDatabaseUrl() }) }) as unknown as {
    _runtimeDataModel?: RuntimeDataModel;
    _engineConfig?: { inlineSchema?: string };
  };
  const dataModel = client._runtimeDataModel;
  const inlineSchema = client._engineConfig?.inlineSchema;
  if (!dataModel?.models || typeof inlineSchema !== 'string') {
    throw new Error('The generated Prisma client no longer exposes its data model where this test looks: update generatedClientModel()');
  }
  return { dataModel, inlineSchema };
}

interface FieldSyntax {
  optional: boolean;
  list: boolean;
  nativeType?: string;
  nativeArgs: string[];
}

/** Field modifiers and native types, which the runtime data model leaves out, read from the schema text. */
function parseSchemaText(text: string) {
  const fields = new Map<string, Map<string, FieldSyntax>>();
  const enums = new Map<string, { dbName: string; values: string[] }>();
  const withoutComments = text.replace(/\/\/.*$/gm, '');
  for (const block of withoutComments.matchAll(/^\s*(model|enum)\s+(\w+)\s*\{([\s\S]*?)^\s*\}/gm)) {
    const [, keyword, name = '', body = ''] = block;
    const lines = body.split('\n').map((line) => line.trim()).filter(Boolean);
    if (keyword === 'enum') {
      const mapped = body.match(/@@map\(\s*"([^"]+)"\s*\)/);
      const values = lines.filter((line) => !line.startsWith('@@')).map((line) => line.split(/\s+/)[0] ?? '');
      enums.set(name, { dbName: mapped?.[1] ?? name, values });
      continue;
    }
    const modelFields = new Map<string, FieldSyntax>();
    for (const line of lines) {
      const match = line.match(/^(\w+)\s+(\w+)(\[\])?(\?)?(.*)$/);
      if (!match || line.startsWith('@@')) continue;
      const native = (match[5] ?? '').match(/@db\.(\w+)(?:\(([^)]*)\))?/);
      modelFields.set(match[1] ?? '', {
        list: !!match[3],
        optional: !!match[4],
        nativeType: native?.[1],
        nativeArgs: native?.[2] ? native[2].split(',').map((arg) => arg.trim()).filter(Boolean) : [],
      });
    }
    fields.set(name, modelFields);
  }
  return { fields, enums };
}

const DEFAULT_UDT: Record<string, string> = {
  String: 'text', Int: 'int4', BigInt: 'int8', Float: 'float8', Decimal: 'numeric', Boolean: 'bool',
  DateTime: 'timestamp', Json: 'jsonb', Bytes: 'bytea',
};
const NATIVE_UDT: Record<string, string> = {
  Text: 'text', VarChar: 'varchar', Char: 'bpchar', Uuid: 'uuid', Xml: 'xml', Inet: 'inet', Citext: 'citext', Bit: 'bit', VarBit: 'varbit',
  Integer: 'int4', SmallInt: 'int2', Oid: 'oid', BigInt: 'int8', DoublePrecision: 'float8', Real: 'float4',
  Decimal: 'numeric', Money: 'money', Boolean: 'bool', Timestamp: 'timestamp', Timestamptz: 'timestamptz',
  Date: 'date', Time: 'time', Timetz: 'timetz', Json: 'json', JsonB: 'jsonb', ByteA: 'bytea',
};

interface DbColumn {
  table_name: string;
  column_name: string;
  is_nullable: 'YES' | 'NO';
  udt_name: string;
  character_maximum_length: number | null;
  numeric_precision: number | null;
  numeric_scale: number | null;
  datetime_precision: number | null;
}

async function readDatabase(url: string) {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    const tables = await client.query<{ table_name: string }>(
      `SELECT table_name FROM information_schema.tables WHERE table_schema = 'public' AND table_type = 'BASE TABLE'`,
    );
    const columns = await client.query<DbColumn>(
      `SELECT table_name, column_name, is_nullable, udt_name, character_maximum_length, numeric_precision, numeric_scale, datetime_precision
         FROM information_schema.columns WHERE table_schema = 'public'`,
    );
    const enums = await client.query<{ name: string; labels: string[] }>(
      `SELECT t.typname AS name, array_agg(e.enumlabel ORDER BY e.enumsortorder)::text[] AS labels
         FROM pg_type t JOIN pg_enum e ON e.enumtypid = t.oid JOIN pg_namespace n ON n.oid = t.typnamespace
        WHERE n.nspname = 'public' GROUP BY t.typname`,
    );
    return { tables: tables.rows.map((row) => row.table_name), columns: columns.rows, enums: enums.rows };
  } finally {
    await client.end();
  }
}

function describeColumn(column: DbColumn): string {
  const size = column.udt_name === 'numeric' ? `(${column.numeric_precision},${column.numeric_scale})`
    : column.character_maximum_length ? `(${column.character_maximum_length})`
    : ['timestamp', 'timestamptz', '_timestamp', '_timestamptz'].includes(column.udt_name) ? `(${column.datetime_precision})` : '';
  return `${column.udt_name}${size} ${column.is_nullable === 'YES' ? 'NULL' : 'NOT NULL'}`;
}

describe('schema drift: prisma/schema.prisma (generated client) vs the migrated database', () => {
  it('the generated client was generated from the current prisma/schema.prisma', () => {
    const { inlineSchema } = generatedClientModel();
    const onDisk = readFileSync('prisma/schema.prisma', 'utf8');
    // Prisma stores the schema formatted (aligned columns): compare modulo whitespace.
    const normalise = (text: string) => text.replace(/\s+/g, ' ').trim();
    expect(normalise(inlineSchema) === normalise(onDisk), 'src/generated/prisma is stale: run `npm run prisma:generate`').toBe(true);
  });

  it('every model table and column exists with a compatible type and nullability, and nothing else', async () => {
    const { dataModel, inlineSchema } = generatedClientModel();
    const syntax = parseSchemaText(inlineSchema);
    const db = await readDatabase(testDatabaseUrl());
    const problems: string[] = [];

    const columnsByTable = new Map<string, Map<string, DbColumn>>();
    for (const column of db.columns) {
      if (!columnsByTable.has(column.table_name)) columnsByTable.set(column.table_name, new Map());
      columnsByTable.get(column.table_name)?.set(column.column_name, column);
    }
    const modelTables = new Set<string>();

    for (const [modelName, model] of Object.entries(dataModel.models)) {
      const table = model.dbName ?? modelName;
      modelTables.add(table);
      const dbColumns = columnsByTable.get(table);
      if (!dbColumns) {
        problems.push(`table "${table}" (model ${modelName}) is missing from the database`);
        continue;
      }
      const known = new Set<string>();
      for (const field of model.fields) {
        if (field.kind !== 'scalar' && field.kind !== 'enum') continue;
        const columnName = field.dbName ?? field.name;
        known.add(columnName);
        const where = `${table}.${columnName} (${modelName}.${field.name})`;
        const column = dbColumns.get(columnName);
        if (!column) {
          problems.push(`column ${where} is missing from the database`);
          continue;
        }
        const shape = syntax.fields.get(modelName)?.get(field.name);
        if (!shape) {
          problems.push(`could not read the declaration of ${modelName}.${field.name} in the schema text`);
          continue;
        }
        const base = field.kind === 'enum'
          ? (syntax.enums.get(field.type)?.dbName ?? field.type)
          : shape.nativeType ? NATIVE_UDT[shape.nativeType] : DEFAULT_UDT[field.type];
        if (!base) continue; // a type this test does not know: nothing to compare
        const expectedUdt = shape.list ? `_${base}` : base;
        const expected: string[] = [expectedUdt];
        if (field.type === 'Decimal' && expectedUdt === 'numeric') {
          const [precision = '65', scale = '30'] = shape.nativeType === 'Decimal' ? shape.nativeArgs : [];
          if (column.numeric_precision !== Number(precision) || column.numeric_scale !== Number(scale)) {
            problems.push(`column ${where}: schema says numeric(${precision},${scale}), database has ${describeColumn(column)}`);
          }
        }
        if (['timestamp', 'timestamptz'].includes(expectedUdt)) {
          const precision = shape.nativeArgs[0] ?? (shape.nativeType ? '6' : '3');
          if (column.datetime_precision !== Number(precision)) {
            problems.push(`column ${where}: schema says ${expectedUdt}(${precision}), database has ${describeColumn(column)}`);
          }
        }
        if ((shape.nativeType === 'VarChar' || shape.nativeType === 'Char') && shape.nativeArgs[0]) {
          if (column.character_maximum_length !== Number(shape.nativeArgs[0])) {
            problems.push(`column ${where}: schema says ${expectedUdt}(${shape.nativeArgs[0]}), database has ${describeColumn(column)}`);
          }
        }
        if (!expected.includes(column.udt_name)) {
          problems.push(`column ${where}: schema says ${expectedUdt}, database has ${describeColumn(column)}`);
        }
        if (!shape.list) {
          const nullable = column.is_nullable === 'YES';
          if (nullable !== shape.optional) {
            problems.push(
              `column ${where}: schema says ${shape.optional ? 'optional (NULL)' : 'required (NOT NULL)'}, database has ${describeColumn(column)}`,
            );
          }
        }
      }
      for (const columnName of dbColumns.keys()) {
        if (!known.has(columnName) && !SQL_ONLY_COLUMNS.has(`${table}.${columnName}`)) {
          problems.push(`column ${table}.${columnName} exists in the database but not in model ${modelName}`);
        }
      }
    }

    for (const table of db.tables) {
      if (!modelTables.has(table) && !SQL_ONLY_TABLES.has(table)) {
        problems.push(`table "${table}" exists in the database but no model maps to it`);
      }
    }

    const dbEnums = new Map(db.enums.map((row) => [row.name, row.labels]));
    const schemaEnumNames = new Set<string>();
    for (const [name, { dbName, values }] of syntax.enums) {
      schemaEnumNames.add(dbName);
      const labels = dbEnums.get(dbName);
      if (!labels) problems.push(`enum type "${dbName}" (enum ${name}) is missing from the database`);
      else if (labels.join(',') !== values.join(',')) {
        problems.push(`enum "${dbName}": schema has [${values.join(', ')}], database has [${labels.join(', ')}]`);
      }
    }
    for (const name of dbEnums.keys()) {
      if (!schemaEnumNames.has(name)) problems.push(`enum type "${name}" exists in the database but not in the schema`);
    }

    expect(problems, 'prisma/schema.prisma and prisma/migrations/*.sql disagree (fix one or the other)').toEqual([]);
  });
});
