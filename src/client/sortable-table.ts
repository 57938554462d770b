/** Tables with `data-sortable`: a heading button sorts the body rows by that column (again: reverse). */
for (const table of document.querySelectorAll<HTMLTableElement>('table[data-sortable]')) {
  const body = table.tBodies[0];
  if (!body) continue;
  for (const button of table.querySelectorAll<HTMLButtonElement>('thead button[data-sort]')) {
    button.addEventListener('click', () => {
      const col = Number(button.dataset.col);
      const th = button.closest('th')!;
      const ascending = th.getAttribute('aria-sort') !== 'ascending';
      for (const other of table.querySelectorAll('thead th[aria-sort]')) other.removeAttribute('aria-sort');
      th.setAttribute('aria-sort', ascending ? 'ascending' : 'descending');
      const value = (row: HTMLTableRowElement) => {
        const cell = row.cells[col];
        return cell?.dataset.value ?? cell?.textContent ?? '';
      };
      const numeric = button.dataset.sort === 'number';
      const rows = [...body.rows].sort((a, b) => {
        const d = numeric ? Number(value(a)) - Number(value(b)) : value(a).localeCompare(value(b));
        return ascending ? d : -d;
      });
      body.append(...rows);
    });
  }
}
