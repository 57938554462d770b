import type { BillLine } from './calculate';
import { priceTable as defaultTable, type PriceTable } from './price-table';

const count = (n: number) => Math.round(n).toLocaleString('en-US');
const millions = (n: number) => `${(n / 1_000_000).toLocaleString('en-US', { maximumFractionDigits: 3 })} M`;

/** One short sentence under a bill line saying how it was computed, e.g. "80 M requests over the 20 M included × $0.30 per million". */
export function describeLine(line: BillLine, table: PriceTable = defaultTable): string {
  switch (line.id) {
    case 'base':
      return `Monthly subscription`;
    case 'requests':
      return line.overageUnits === 0
        ? `Within the ${millions(table.requests.includedPerMonth)} requests included`
        : `${millions(line.overageUnits)} requests over the ${millions(table.requests.includedPerMonth)} included × $${table.requests.usdPerMillion.toFixed(2)} per million`;
    case 'cpu':
      return line.overageUnits === 0
        ? `Within the ${millions(table.cpu.includedMsPerMonth)} CPU ms included`
        : `${millions(line.overageUnits)} CPU ms over the ${millions(table.cpu.includedMsPerMonth)} included × $${table.cpu.usdPerMillionMs.toFixed(2)} per million`;
    case 'scripts':
      return line.overageUnits === 0
        ? `Within the ${count(table.scripts.included)} scripts included`
        : `${count(line.overageUnits)} scripts over the ${count(table.scripts.included)} included × $${table.scripts.usdEach.toFixed(2)} each`;
  }
}
