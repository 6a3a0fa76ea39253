import { describe, expect, it } from 'vitest';
import type { UsageRow } from '../src/api/types';
import { csvField, toCsv } from '../src/lib/csv';
import { USAGE_CSV_COLUMNS } from '../src/lib/usage-csv';

describe('CSV (RFC 4180)', () => {
  it('quotes fields holding commas, quotes or line breaks and doubles quotes', () => {
    expect(csvField('plain')).toBe('plain');
    expect(csvField('a,b')).toBe('"a,b"');
    expect(csvField('say "hi"')).toBe('"say ""hi"""');
    expect(csvField('two\nlines')).toBe('"two\nlines"');
    expect(csvField(null)).toBe('');
    expect(csvField(0)).toBe('0');
  });

  it('writes a header and one CRLF-ended line per row', () => {
    const csv = toCsv(
      [
        { header: 'name', value: (r: { n: string; v: number }) => r.n },
        { header: 'value', value: (r) => r.v },
      ],
      [
        { n: 'a', v: 1 },
        { n: 'b,c', v: 2 },
      ],
    );
    expect(csv).toBe('name,value\r\na,1\r\n"b,c",2\r\n');
  });

  it('exports usage rows with their tags as JSON', () => {
    const row = {
      event_time: Date.UTC(2026, 0, 2, 3, 4, 5),
      request_id: 'r1',
      endpoint_name: 'chat',
      status_code: 200,
      request_tags: { team: 'search' },
    } as unknown as UsageRow;
    const [header, line] = toCsv(USAGE_CSV_COLUMNS, [row]).split('\r\n');
    expect(header.split(',')).toContain('request_tags');
    expect(line).toContain('2026-01-02T03:04:05.000Z,r1,chat');
    expect(line).toContain('"{""team"":""search""}"');
  });
});
