import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { en } from '@/i18n/en';
import { zh } from '@/i18n/zh';

/**
 * Texts users read say what to do in the app, not which endpoint to call: no "POST /api/v1/…" in
 * the dictionaries or in the pages and components. (Error messages of the HTTP API itself, rendered
 * for API clients, may name endpoints; they are not in these files.)
 */
const API_PATH = /\/api\/v\d|\b(?:GET|POST|PUT|PATCH|DELETE) \//;

function texts(value: unknown, at: string): [string, string][] {
  if (typeof value === 'string') return [[at, value]];
  if (value && typeof value === 'object') return Object.entries(value).flatMap(([k, v]) => texts(v, at ? `${at}.${k}` : k));
  return [];
}

function sources(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const file = path.join(dir, name);
    if (statSync(file).isDirectory()) return file.endsWith(`${path.sep}api`) ? [] : sources(file);
    return file.endsWith('.tsx') ? [file] : [];
  });
}

describe('user-facing texts', () => {
  it.each([['en', en], ['zh', zh]] as const)('%s dictionary names no API path', (_lang, dictionary) => {
    expect(texts(dictionary, '').filter(([, s]) => API_PATH.test(s))).toEqual([]);
  });

  it('pages and components under src/app and src/ui show no API path', () => {
    const root = process.cwd();
    const files = [...sources(path.join(root, 'src/app')), ...sources(path.join(root, 'src/ui'))];
    expect(files.length).toBeGreaterThan(10);
    const hits = files.flatMap((f) =>
      readFileSync(f, 'utf8')
        .split('\n')
        .map((line, i) => [`${path.relative(root, f)}:${i + 1}`, line] as const)
        .filter(([, line]) => API_PATH.test(line) && !/^\s*(\/\/|\*|\/\*)/.test(line) && !/\bfetch\(/.test(line)),
    );
    expect(hits).toEqual([]);
  });
});
