/**
 * The environment of "the learner's terminal" for child processes that tests start: what a learner's own shell
 * has for reaching the network (proxy, CA and npm registry settings, the user's ~/.npmrc through HOME), and
 * nothing that could make a test pass by accident (CLOUDFLARE_* credentials, wrangler's own settings, the
 * parent npm's per-project values such as npm_config_local_prefix).
 */

/** Network and certificate variables, either case (curl and npm read the lower-case ones too). */
const NETWORK = ['HTTP_PROXY', 'HTTPS_PROXY', 'NO_PROXY', 'ALL_PROXY'];
const CERTIFICATES = ['NODE_EXTRA_CA_CERTS', 'SSL_CERT_FILE', 'SSL_CERT_DIR'];

/** npm's own network settings (npm reads npm_config_<key>, any case, `-` or `_`), and where it caches. */
const NPM_KEYS = /^npm_config_(registry|@[^:]+:registry|cafile|ca|cert|key|strict[-_]ssl|proxy|https[-_]proxy|no[-_]?proxy|cache|userconfig|globalconfig|fetch[-_]\w+|maxsockets|_auth\w*|\/\/.+)$/i;

export function learnerTerminalEnv(parent: Record<string, string | undefined> = process.env): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, value] of Object.entries(parent)) {
    if (value === undefined) continue;
    const upper = name.toUpperCase();
    if (NETWORK.includes(upper) || CERTIFICATES.includes(name) || NPM_KEYS.test(name)) out[name] = value;
  }
  return out;
}
