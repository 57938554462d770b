/**
 * Which pages an LMS may frame; the lti branch owns this body. `null` keeps the default `frame-ancestors 'none'`;
 * a string is the frame-ancestors value for that page (e.g. approved LMS origins).
 */
export function frameAncestors(_pathname: string): string | null {
  return null;
}
