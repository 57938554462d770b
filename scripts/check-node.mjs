// Runs before start/test: Astro 7 and Miniflare 4 need Node >= 22.12. Inside npm scripts the
// `node` devDependency puts Node 24 first on PATH, so this only fails when that pin is missing.
const [major, minor] = process.versions.node.split('.').map(Number);
if (major < 22 || (major === 22 && minor < 12)) {
  console.error(
    `\nThis course needs Node.js >= 22.12 (we target Node 24 LTS); this is Node ${process.versions.node}.\n` +
      'Run `npm install` first: it installs a pinned Node 24 (the `node` devDependency) that npm scripts use.\n' +
      'Or install Node 24 LTS from https://nodejs.org and run the command again.\n',
  );
  process.exit(1);
}
