// npm run instructor:add -- [--admin] --email you@example.com [--name "Your Name"] [--password ...]
// --admin: also a site administrator (LTI platforms, site settings, who may create classes).
// Creates the first (or another) instructor in the course's store (DATABASE_URL, or SQLite in COURSE_DATA_DIR, default
// ./data), or promotes an existing account.
// Without --password it asks for one (hidden) on a terminal, or reads one line from standard input.
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
// The server code is TypeScript with extensionless imports (Vite style); this lets Node load it.
import './ts-hooks.mjs';

const usage = 'Usage: npm run instructor:add -- --email you@example.com [--name "Your Name"] [--password <password>] [--admin]';
let args;
try {
  args = parseArgs({ options: { admin: { type: 'boolean' }, email: { type: 'string' }, name: { type: 'string' }, password: { type: 'string' }, help: { type: 'boolean' } } }).values;
} catch (error) {
  console.error(`${error.message}\n${usage}`);
  process.exit(2);
}
if (args.help || !args.email) {
  console.error(usage);
  process.exit(args.help ? 0 : 2);
}

const { createStore } = await import('../src/server/store/create-store.ts');
const { addInstructor } = await import('../src/server/auth/add-instructor.ts');
const dataDir = resolve(process.env.COURSE_DATA_DIR || './data');
const databaseUrl = process.env.DATABASE_URL || undefined;
const store = createStore({ dataDir, databaseUrl });
try {
  await store.ready();
  let password = args.password;
  if (password === undefined && !(await store.users.findByEmail(args.email.trim()))) password = await askPassword();
  const { user, created } = await addInstructor(store, { email: args.email, name: args.name, password, admin: args.admin === true });
  console.log(`${created ? 'Created instructor' : 'Promoted to instructor'}: ${user.name} <${user.email}> (data: ${databaseUrl ? 'DATABASE_URL' : dataDir})`);
} catch (error) {
  console.error(`Could not add the instructor: ${error.message}`);
  process.exitCode = 1;
} finally {
  await store.close();
}

async function askPassword() {
  if (!process.stdin.isTTY) {
    let text = '';
    for await (const chunk of process.stdin) text += chunk;
    return text.split(/\r?\n/)[0];
  }
  const first = await promptHidden('Password (at least 10 characters): ');
  const second = await promptHidden('Repeat password: ');
  if (first !== second) throw new Error('the passwords do not match');
  return first;
}

function promptHidden(question) {
  return new Promise((resolvePrompt) => {
    process.stdout.write(question);
    const stdin = process.stdin;
    stdin.setRawMode(true);
    stdin.resume();
    stdin.setEncoding('utf8');
    let value = '';
    const onData = (chunk) => {
      for (const ch of chunk) {
        if (ch === '\r' || ch === '\n') {
          stdin.setRawMode(false);
          stdin.pause();
          stdin.off('data', onData);
          process.stdout.write('\n');
          return resolvePrompt(value);
        }
        if (ch === '\u0003') process.exit(130);
        if (ch === '\u007f') value = value.slice(0, -1);
        else value += ch;
      }
    };
    stdin.on('data', onData);
  });
}
