import packageJson from '../../package.json' with { type: 'json' };

/** What the health route reports: enough to tell which build and runtime answered. */
export interface AppInfo {
  name: string;
  version: string;
  node: string;
}

export function getAppInfo(): AppInfo {
  return { name: packageJson.name, version: packageJson.version, node: process.versions.node };
}
