/**
 * Every lesson objective (the "After this lesson you can" list, in order) with an id and the labs (`lab:<id>`) and
 * quiz questions (`<quiz>/<question>`) that practise it. tests/unit/objectives.test.ts checks that the texts match
 * the lessons, that every reference exists, and that nothing is left unpractised.
 */
export interface Objective {
  id: string;
  text: string;
  practisedBy: string[];
}

export const objectives: Record<string, Objective[]> = {
  'foundations/welcome': [
    { id: 'course-outcomes', text: "say what you will be able to build and explain by the end of the course;", practisedBy: ["welcome/outcomes"] },
    { id: 'course-fit', text: "decide whether the course fits what you already know;", practisedBy: ["welcome/fit"] },
    { id: 'labs-and-quizzes', text: "use the labs and quizzes, and know which parts need an account.", practisedBy: ["welcome/labs-runtime", "welcome/account-needed", "welcome/grading"] },
  ],
  'foundations/what-is-workers-for-platforms': [
    { id: 'four-pieces', text: "name the four pieces of Workers for Platforms and say what each one is for;", practisedBy: ["what-is-wfp/four-pieces"] },
    { id: 'trace-request', text: "trace one request from the Internet through the platform and back;", practisedBy: ["what-is-wfp/entry-point", "lab:first-dispatch"] },
    { id: 'billed-once', text: "explain why that request is billed once, however many Workers it passes through;", practisedBy: ["what-is-wfp/billed-once", "pricing/billed-once"] },
    { id: 'wfp-vs-service-bindings', text: "choose between Workers for Platforms and Service bindings for a given product.", practisedBy: ["what-is-wfp/service-bindings"] },
  ],
  'foundations/dispatch-namespaces': [
    { id: 'manage-namespaces', text: "create, list, inspect, rename and delete a dispatch namespace with Wrangler or the REST API;", practisedBy: ["dispatch-namespaces/create-endpoint"] },
    { id: 'one-per-environment', text: "explain why a platform uses one namespace per environment (`staging`, `production`), not one per customer;", practisedBy: ["dispatch-namespaces/how-many"] },
    { id: 'script-count', text: "say how many user Workers a namespace may hold, and how that differs from what is billed;", practisedBy: ["dispatch-namespaces/script-cap"] },
    { id: 'bind-namespace', text: "bind a namespace to your dynamic dispatch Worker.", practisedBy: ["lab:first-dispatch", "dispatch-namespaces/default-mode"] },
  ],
  'building/uploading-user-workers': [
    { id: 'wrangler-deploy', text: "deploy a Worker into a dispatch namespace with `wrangler deploy --dispatch-namespace`;", practisedBy: ["uploading-user-workers/wrangler-deploy", "lab:deploy-from-terminal"] },
    { id: 'rest-upload', text: "upload a customer's script with the REST API as a multipart request, with a correct `metadata` part;", practisedBy: ["uploading-user-workers/main-module", "lab:onboard-customer"] },
    { id: 'script-names', text: "choose script names that the API accepts, and validate them before you upload;", practisedBy: ["uploading-user-workers/script-name", "lab:onboard-customer"] },
    { id: 'keep-bindings-and-tags', text: "keep bindings across re-uploads with `keep_bindings`, and tag scripts per customer;", practisedBy: ["uploading-user-workers/keep-bindings", "lab:onboard-customer", "lab:reupload-and-offboard"] },
    { id: 'delete-by-tag', text: "list and delete all of one customer's scripts by tag.", practisedBy: ["uploading-user-workers/offboard", "lab:onboard-customer", "lab:reupload-and-offboard"] },
  ],
  'building/dynamic-dispatch': [
    { id: 'routing-strategies', text: "route requests to user Workers by subdomain, by path, through a KV lookup table, or by custom-hostname metadata;", practisedBy: ["lab:first-dispatch", "lab:routing-tables", "dispatch-worker/host-metadata"] },
    { id: 'rpc', text: "call a user Worker's methods over RPC, and say what the dispatcher cannot do with RPC;", practisedBy: ["lab:rpc-entrypoint", "dispatch-worker/rpc-lab"] },
    { id: 'missing-vs-failing', text: "tell a missing user Worker (`Worker not found`) from a user Worker that failed or hung, and answer each correctly (404, 502, 504);", practisedBy: ["dispatch-worker/status-codes", "lab:broken-customer"] },
    { id: 'lazy-get', text: "explain why `if (!userWorker)` never fires;", practisedBy: ["dispatch-worker/lazy-get", "lab:broken-customer"] },
    { id: 'platform-logic', text: "run platform logic around customer code: authentication, rate limits, cookie scoping, cleaning responses.", practisedBy: ["dispatch-worker/strip-headers", "lab:cookie-scoping", "lab:tenant-rate-limits", "lab:suspend-and-strip"] },
  ],
  'building/outbound-workers': [
    { id: 'configure-outbound', text: "configure an outbound Worker on a dispatch namespace binding;", practisedBy: ["lab:outbound-worker"] },
    { id: 'outbound-parameters', text: "pass per-request values from the dispatcher to the outbound Worker with declared `parameters`;", practisedBy: ["outbound-workers/parameters", "lab:outbound-worker"] },
    { id: 'allow-block-log-inject', text: "allow, block, log and add credentials to user Workers' subrequests;", practisedBy: ["outbound-workers/block", "outbound-workers/origin-not-hostname", "lab:outbound-worker"] },
    { id: 'outbound-bypass', text: "name the traffic that does **not** pass through the outbound Worker, and what an outbound Worker switches off.", practisedBy: ["outbound-workers/bypass", "outbound-workers/connect"] },
  ],
  'building/custom-limits': [
    { id: 'set-limits', text: "set per-request CPU and subrequest limits for a user Worker with `limits: { cpuMs, subRequests }`;", practisedBy: ["custom-limits/option-shape"] },
    { id: 'limits-per-plan', text: "derive those limits from each customer's plan;", practisedBy: ["lab:custom-limits"] },
    { id: 'handle-violation', text: "catch a limit violation in the dispatcher and answer it deliberately, knowing which violations reach the dispatcher;", practisedBy: ["custom-limits/where-error", "custom-limits/subrequest-overrun", "lab:custom-limits"] },
    { id: 'deadline-not-limits', text: "explain why custom limits do not replace a deadline (504) for a customer that never answers;", practisedBy: ["custom-limits/wall-time", "lab:broken-customer"] },
    { id: 'limits-unknowns', text: "say what the documentation leaves open about limits.", practisedBy: ["custom-limits/unknowns", "custom-limits/no-limit"] },
  ],
  'building/custom-domains-and-observability': [
    { id: 'saas-route', text: "route your SaaS zone's traffic, including customers' own domains, to the dispatcher;", practisedBy: ["custom-domains-observability/route"] },
    { id: 'host-metadata', text: "attach custom metadata to a custom hostname and route on `request.cf.hostMetadata`;", practisedBy: ["custom-domains-observability/metadata-facts", "dispatch-worker/host-metadata"] },
    { id: 'logs-and-traces', text: "collect logs and traces for the dispatcher and all user Workers with Logpush and Tail Workers;", practisedBy: ["custom-domains-observability/logpush"] },
    { id: 'metrics', text: "record per-customer metrics with Workers Analytics Engine and query usage per namespace.", practisedBy: ["custom-domains-observability/graphql"] },
  ],
  'building/durable-objects': [
    { id: 'do-upload', text: "upload a user Worker that defines a Durable Object class, with its binding and a migration in the upload metadata;", practisedBy: ["durable-objects/upload-parts"] },
    { id: 'do-reupload', text: "re-upload a user Worker whose Durable Object classes already exist without failing on them;", practisedBy: ["durable-objects/existing-class"] },
    { id: 'do-egress', text: "explain why fetches from a Durable Object escape your outbound Worker, and what that means for egress control;", practisedBy: ["durable-objects/egress-gap"] },
    { id: 'do-unknowns', text: "say what the sources leave open about Durable Objects in dispatch namespaces.", practisedBy: ["durable-objects/open-questions"] },
  ],
  'building/custom-hostnames': [
    { id: 'saas-zone', text: "set up a SaaS zone so that every custom hostname reaches the dispatcher, with a placeholder fallback origin;", practisedBy: ["custom-hostnames/fallback-origin"] },
    { id: 'create-and-validate', text: "create a custom hostname for a customer through the API, and know it is not live until Cloudflare has validated it;", practisedBy: ["custom-hostnames/not-live-yet"] },
    { id: 'metadata-limits', text: "attach custom metadata to a custom hostname and respect its limits;", practisedBy: ["custom-hostnames/metadata-rules"] },
    { id: 'route-on-metadata', text: "route in the dispatcher on `request.cf.hostMetadata`, validate what you read, and pass on only what customers need.", practisedBy: ["custom-hostnames/route-safely", "lab:custom-hostnames"] },
  ],
  'building/static-assets': [
    { id: 'asset-upload-steps', text: "upload a customer's static files in the three steps of the asset upload: session, files, script;", practisedBy: ["static-assets/steps"] },
    { id: 'assets-metadata', text: "write the `assets` part of the upload metadata, and decide whether the Worker needs an `assets` binding;", practisedBy: ["static-assets/binding-optional"] },
    { id: 'asset-dedup', text: "explain why assets are shared by hash across a namespace, and salt hashes where tenants must stay apart;", practisedBy: ["static-assets/dedup"] },
    { id: 'asset-tokens', text: "keep asset-upload tokens on the platform side, and keep a customer's assets across code-only updates.", practisedBy: ["static-assets/tokens"] },
  ],
  'building/user-worker-secrets': [
    { id: 'secret-kinds', text: "tell a customer's own secrets from the platform's secrets, and put each where it belongs;", practisedBy: ["user-worker-secrets/whose-secret", "lab:outbound-worker"] },
    { id: 'secrets-api', text: "set, list and delete a user Worker's secrets through the API, or attach them as `secret_text` bindings at upload;", practisedBy: ["user-worker-secrets/secrets-api"] },
    { id: 'keep-secrets', text: "keep a customer's secrets across code-only re-uploads with `keep_bindings`;", practisedBy: ["user-worker-secrets/keep-secrets", "lab:reupload-and-offboard"] },
    { id: 'secret-leaks', text: "explain how secrets still leak to customer code, and how to avoid each way.", practisedBy: ["user-worker-secrets/leak-paths"] },
  ],
  'isolation/isolation-and-security': [
    { id: 'untrusted-mode', text: "describe the isolation Cloudflare provides: V8 isolates and the untrusted mode of a namespace;", practisedBy: ["isolation/untrusted"] },
    { id: 'trusted-mode', text: "explain what trusted mode changes and what it costs;", practisedBy: ["isolation/trusted-mode"] },
    { id: 'per-tenant-bindings', text: "give each tenant only its own bindings, and explain why a shared resource is shared completely;", practisedBy: ["isolation/shared-d1", "lab:shared-env-leak"] },
    { id: 'shared-env-leak', text: "spot the shared-`env` leak and fix it, and respond when it has already happened;", practisedBy: ["isolation/shared-env", "lab:shared-env-leak"] },
    { id: 'cookie-scoping', text: "keep the platform's cookies away from tenants on a shared domain, without breaking tenants' own logins;", practisedBy: ["lab:cookie-scoping", "dispatch-worker/cookie-lab", "dispatch-worker/strip-headers"] },
    { id: 'threat-model', text: "list the main threats to a platform that runs customer code, and the control for each.", practisedBy: ["capstone/threat-controls"] },
  ],
  'operating/observability': [
    { id: 'tail-on-dispatcher', text: "attach a Tail Worker to the dispatcher and collect every user Worker's logs, exceptions and outcome in it;", practisedBy: ["observability/where-to-attach", "observability/event-fields", "lab:tail-worker"] },
    { id: 'tail-scope', text: "choose between tailing the dispatcher and tailing single customers with `tail_consumers` in their metadata;", practisedBy: ["observability/where-to-attach"] },
    { id: 'logpush', text: "send logs for the dispatcher and all user Workers with Logpush, and find one customer's failures;", practisedBy: ["observability/logpush"] },
    { id: 'per-tenant-metrics', text: "record per-tenant metrics in Analytics Engine and query invocations per namespace.", practisedBy: ["observability/metrics"] },
  ],
  'operating/versions-and-rollouts': [
    { id: 'compatibility-date', text: "set a compatibility date on every upload, and explain what happens when an API upload omits it;", practisedBy: ["versions-and-rollouts/compat-default"] },
    { id: 'gradual-deployments', text: "say what is and is not confirmed about versions and gradual deployments for user Workers;", practisedBy: ["versions-and-rollouts/gradual"] },
    { id: 'strip-version-headers', text: "keep version selection in the platform's hands: strip `Cloudflare-Workers-Version-*` request headers in the dispatcher;", practisedBy: ["versions-and-rollouts/strip-version-headers", "lab:suspend-and-strip"] },
    { id: 'rollout-waves', text: "plan a change across thousands of user Workers in waves chosen by tag, with a way back;", practisedBy: ["versions-and-rollouts/waves"] },
    { id: 'rollout-time', text: "estimate how long a re-upload of every tenant takes within the Cloudflare API's rate limit.", practisedBy: ["versions-and-rollouts/rollout-minutes"] },
  ],
  'operating/dynamic-workers': [
    { id: 'worker-loader', text: "describe how a Dynamic Worker is loaded with the Worker Loader, and who stores the code;", practisedBy: ["dynamic-workers/who-stores"] },
    { id: 'global-outbound', text: "sandbox a Dynamic Worker completely: the bindings you pass and the network access you allow with `globalOutbound`;", practisedBy: ["dynamic-workers/global-outbound"] },
    { id: 'load-vs-get', text: "budget a Dynamic Workers platform: `load()` against `get()` with a stable id, the published limits and prices;", practisedBy: ["dynamic-workers/load-vs-get", "dynamic-workers/in-flight"] },
    { id: 'compare', text: "compare Dynamic Workers and Workers for Platforms on storage, uploads, limits, bindings and maturity;", practisedBy: ["dynamic-workers/compare"] },
    { id: 'choose', text: "choose between them for a given platform, and say what is still unconfirmed.", practisedBy: ["dynamic-workers/choose"] },
  ],
  'pricing/pricing-and-limits': [
    { id: 'read-price-table', text: "read the Workers for Platforms price table and say what is included each month;", practisedBy: ["pricing/bill"] },
    { id: 'compute-bill', text: "compute a monthly bill from requests, CPU time and the number of user Workers;", practisedBy: ["pricing/bill"] },
    { id: 'limits-per-invocation', text: "state the limits per invocation, and where Cloudflare's own pages disagree about them;", practisedBy: ["pricing/cpu-cap", "pricing/api-rate-limit"] },
    { id: 'pricing-history', text: "tell how the product's availability and pricing changed since launch;", practisedBy: ["pricing/history"] },
    { id: 'confirm-prices', text: "explain why you confirm prices with Cloudflare before quoting a customer.", practisedBy: ["pricing/quote"] },
  ],
  'capstone/build-a-platform': [
    { id: 'design-platform', text: "design a small multi-tenant platform on Workers for Platforms from scratch;", practisedBy: ["capstone/design"] },
    { id: 'onboard', text: "onboard a customer: validate the name, upload the code with its own bindings and tags;", practisedBy: ["capstone/design", "lab:onboard-customer"] },
    { id: 'route-and-errors', text: "route each request to the right customer and answer missing or failing customers correctly;", practisedBy: ["capstone/errors", "lab:broken-customer"] },
    { id: 'limits-egress-secrets', text: "apply plan limits, control egress and keep platform secrets away from tenant code;", practisedBy: ["capstone/order", "lab:custom-limits", "lab:outbound-worker", "lab:shared-env-leak"] },
    { id: 'observe-and-remove', text: "observe what customers' code does, and remove a customer cleanly.", practisedBy: ["capstone/design", "lab:reupload-and-offboard", "lab:tail-worker"] },
  ],
  'building/upload-failures': [
    { id: 'validate-before-upload', text: "check a customer's script before you upload it, and say which failures only the Cloudflare API can find;", practisedBy: ["upload-failures/only-cloudflare", "lab:onboard-customer"] },
    { id: 'error-codes', text: "read the upload API's error envelope and act on the codes a platform meets most (10021, 10016, 10027);", practisedBy: ["upload-failures/code-10021"] },
    { id: 'size-startup-limits', text: "keep customers' scripts inside the size and startup-time limits, and say where the sources disagree about them;", practisedBy: ["upload-failures/size-disagree", "upload-failures/code-10021"] },
    { id: 'show-failures', text: "show a customer why an upload failed without leaking the platform's internals.", practisedBy: ["upload-failures/what-to-show"] },
  ],
  'building/cron-and-queues': [
    { id: 'no-dispatcher', text: "explain why scheduled and queue invocations of a user Worker do not pass through the dispatch Worker;", practisedBy: ["cron-and-queues/no-dispatcher"] },
    { id: 'configure-triggers', text: "set a customer's cron schedule and connect a Queue consumer to a user Worker through the API;", practisedBy: ["cron-and-queues/where-configured", "cron-and-queues/cpu-budget"] },
    { id: 'policy-without-dispatcher', text: "apply platform policy (limits, audit, suspension) to invocations that no dispatcher sees;", practisedBy: ["cron-and-queues/policy"] },
    { id: 'inbound-status', text: "say which parts of this are published and which are only in Cloudflare's docs repository.", practisedBy: ["cron-and-queues/no-dispatcher"] },
  ],
  'building/custom-bindings': [
    { id: 'capabilities', text: "explain the capability idea: give a tenant narrow methods scoped by trusted `props`, not a whole resource;", practisedBy: ["custom-bindings/props-trusted"] },
    { id: 'd1-custom-binding', text: "upload a user Worker with a custom D1 binding (`binding_interface`, `props` with `$binding`) and write the platform side;", practisedBy: ["custom-bindings/d1-binding"] },
    { id: 'when-capability', text: "decide when a custom binding beats a per-tenant resource, and what the current limits of the feature are.", practisedBy: ["custom-bindings/when-capability"] },
  ],
  'building/rate-limiting': [
    { id: 'ratelimit-binding', text: "configure the Rate Limiting binding (`ratelimit`) on the dispatcher, one per plan;", practisedBy: ["rate-limiting/binding-shape", "lab:tenant-rate-limits"] },
    { id: 'rate-limit-key', text: "choose the key that decides who shares a budget, so clients cannot escape it and tenants cannot starve each other;", practisedBy: ["rate-limiting/which-key", "lab:tenant-rate-limits"] },
    { id: 'before-dispatch', text: "check the limit before dispatch and answer a real rate limit with 429 and `Retry-After`;", practisedBy: ["rate-limiting/before-dispatch", "lab:tenant-rate-limits"] },
    { id: 'two-429s', text: "tell a rate limit apart from custom limits, and say what the binding does not promise.", practisedBy: ["rate-limiting/two-429s"] },
  ],
  'operating/api-tokens': [
    { id: 'least-privilege', text: "choose the permissions and scope of each API token the platform uses, and no more;", practisedBy: ["api-tokens/least-privilege"] },
    { id: 'token-location', text: "decide where a token may live, and explain why never in the tenant-facing dispatcher;", practisedBy: ["api-tokens/where-it-lives", "lab:onboard-customer"] },
    { id: 'rotation', text: "rotate a token without an outage, and know what to do when one leaks;", practisedBy: ["api-tokens/rotation"] },
    { id: 'split-onboarding', text: "separate onboarding from offboarding, so one stolen token cannot delete every customer.", practisedBy: ["api-tokens/split-jobs", "lab:reupload-and-offboard"] },
  ],
  'operating/abuse-and-offboarding': [
    { id: 'abuse-process', text: "run an abuse process for tenants that host phishing or malware on your domains: intake, detection, suspension;", practisedBy: ["abuse-and-offboarding/detections", "abuse-and-offboarding/suspend-how"] },
    { id: 'suspend-503', text: "suspend a tenant with a 503 from the dispatcher, without running its code and without a redeploy;", practisedBy: ["abuse-and-offboarding/suspend-status", "lab:suspend-and-strip"] },
    { id: 'complete-offboarding', text: "list everything a customer owns on Cloudflare and remove all of it when they leave;", practisedBy: ["abuse-and-offboarding/offboarding-complete", "lab:reupload-and-offboard"] },
    { id: 'data-export', text: "give a leaving customer their data before you delete it.", practisedBy: ["abuse-and-offboarding/offboarding-complete"] },
  ],
};
