import { terminalSpecSchema, type TerminalSpec } from '../../schemas/terminal';

/**
 * One terminal page per lesson that teaches wrangler (/terminal/<slug>/). A lesson with a terminal lab
 * shows that lab's workbench; the others get a plain sandbox and a small project to try the commands in.
 */
export interface LessonTerminal {
  slug: string;
  /** Docs slug of the lesson. */
  lesson: string;
  title: string;
  /** The lesson's terminal lab, shown with its Terminal tab. */
  labId?: string;
  spec?: TerminalSpec;
  files?: Record<string, string>;
}

const CUSTOMER_WORKER = `// A customer's Worker, ready to deploy into a dispatch namespace.
export default {
  fetch(request) {
    return new Response('Hello from customer-a at ' + new URL(request.url).pathname);
  },
};
`;

const plain = (spec: unknown) => ({ spec: terminalSpecSchema.parse(spec), files: { 'src/index.js': CUSTOMER_WORKER } });
const customerA = { name: 'customer-a', main: 'src/index.js' };

export const lessonTerminals: readonly LessonTerminal[] = [
  {
    slug: 'dispatch-namespaces',
    lesson: 'foundations/dispatch-namespaces',
    title: 'Dispatch namespaces',
    ...plain({
      namespace: 'production',
      worker: customerA,
      commands: [
        'npx wrangler dispatch-namespace create production',
        'npx wrangler dispatch-namespace create staging',
        'npx wrangler dispatch-namespace list',
        'npx wrangler dispatch-namespace get production',
        'npx wrangler dispatch-namespace rename staging staging-eu',
        'npx wrangler dispatch-namespace delete staging-eu',
      ],
    }),
  },
  { slug: 'uploading-user-workers', lesson: 'building/uploading-user-workers', title: 'Uploading user Workers', labId: 'deploy-from-terminal' },
  {
    slug: 'build-a-platform',
    lesson: 'capstone/build-a-platform',
    title: 'Build a platform',
    ...plain({
      namespace: 'production',
      worker: customerA,
      commands: [
        'npx wrangler dispatch-namespace create staging',
        'npx wrangler dispatch-namespace create production',
        'npx wrangler deploy --dispatch-namespace production',
        'npx wrangler dispatch-namespace get production',
      ],
    }),
  },
];

export const findLessonTerminal = (slug: string) => lessonTerminals.find((t) => t.slug === slug);
