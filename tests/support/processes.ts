import { readFileSync, readdirSync } from 'node:fs';

/** Process-tree figures from Linux /proc (tests and the benchmark count real workerd processes). */

function rssOf(pid: number): number {
  try {
    const kb = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'latin1'))?.[1];
    return kb ? Number(kb) * 1024 : 0;
  } catch {
    return 0;
  }
}

function childrenByParent(): Map<number, number[]> {
  const children = new Map<number, number[]>();
  for (const entry of readdirSync('/proc').filter((e) => /^\d+$/.test(e))) {
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, 'latin1');
      const parent = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
      children.set(parent, [...(children.get(parent) ?? []), Number(entry)]);
    } catch {
      /* gone */
    }
  }
  return children;
}

/** Resident memory of a process and all its descendants (the server with its workerd processes). */
export function treeRss(root: number): number {
  const children = childrenByParent();
  let total = 0;
  const walk = (pid: number) => {
    total += rssOf(pid);
    for (const c of children.get(pid) ?? []) walk(c);
  };
  walk(root);
  return total;
}

/** How many workerd processes run below `root` (a server's warm pool and sandboxes). */
export function workerdCount(root: number): number {
  const children = childrenByParent();
  let count = 0;
  const walk = (pid: number) => {
    try {
      if (readFileSync(`/proc/${pid}/comm`, 'latin1').trim() === 'workerd') count++;
    } catch {
      /* gone */
    }
    for (const c of children.get(pid) ?? []) walk(c);
  };
  walk(root);
  return count;
}
