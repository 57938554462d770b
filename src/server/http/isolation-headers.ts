/** Cross-origin isolation for terminal pages; the terminal branch owns this body. Default: nothing extra. */
export function isolationHeaders(_pathname: string): Record<string, string> {
  return {};
}
