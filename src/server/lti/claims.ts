/** Claim names and scopes from the 1EdTech LTI 1.3 / Advantage specifications. */
export const LTI = {
  version: 'https://purl.imsglobal.org/spec/lti/claim/version',
  messageType: 'https://purl.imsglobal.org/spec/lti/claim/message_type',
  deploymentId: 'https://purl.imsglobal.org/spec/lti/claim/deployment_id',
  targetLinkUri: 'https://purl.imsglobal.org/spec/lti/claim/target_link_uri',
  resourceLink: 'https://purl.imsglobal.org/spec/lti/claim/resource_link',
  roles: 'https://purl.imsglobal.org/spec/lti/claim/roles',
  context: 'https://purl.imsglobal.org/spec/lti/claim/context',
  custom: 'https://purl.imsglobal.org/spec/lti/claim/custom',
  launchPresentation: 'https://purl.imsglobal.org/spec/lti/claim/launch_presentation',
  toolPlatform: 'https://purl.imsglobal.org/spec/lti/claim/tool_platform',
  ags: 'https://purl.imsglobal.org/spec/lti-ags/claim/endpoint',
  nrps: 'https://purl.imsglobal.org/spec/lti-nrps/claim/namesroleservice',
  deepLinkingSettings: 'https://purl.imsglobal.org/spec/lti-dl/claim/deep_linking_settings',
  contentItems: 'https://purl.imsglobal.org/spec/lti-dl/claim/content_items',
  dlData: 'https://purl.imsglobal.org/spec/lti-dl/claim/data',
  toolConfiguration: 'https://purl.imsglobal.org/spec/lti-tool-configuration',
  platformConfiguration: 'https://purl.imsglobal.org/spec/lti-platform-configuration',
} as const;

export const SCOPES = {
  lineitem: 'https://purl.imsglobal.org/spec/lti-ags/scope/lineitem',
  resultReadonly: 'https://purl.imsglobal.org/spec/lti-ags/scope/result.readonly',
  score: 'https://purl.imsglobal.org/spec/lti-ags/scope/score',
  nrps: 'https://purl.imsglobal.org/spec/lti-nrps/scope/contextmembership.readonly',
} as const;

export const TOOL_SCOPES = [SCOPES.lineitem, SCOPES.resultReadonly, SCOPES.score, SCOPES.nrps];

/** Paths of our LTI endpoints, relative to the tool's origin. */
export const PATHS = {
  register: '/lti/register',
  login: '/lti/login',
  launch: '/lti/launch',
  jwks: '/lti/jwks',
  open: '/lti/open',
  deepLink: '/lti/deep-link',
} as const;

/** The only endpoints a platform posts to from its own origin: authenticated by state and nonce, not by Origin. */
export const CROSS_SITE_POST_PATHS: readonly string[] = [PATHS.login, PATHS.launch];

export function isCrossSitePostPath(pathname: string): boolean {
  const p = pathname.endsWith('/') ? pathname.slice(0, -1) : pathname;
  return CROSS_SITE_POST_PATHS.includes(p);
}

const INSTRUCTOR_ROLES = [
  'http://purl.imsglobal.org/vocab/lis/v2/membership#Instructor',
  'http://purl.imsglobal.org/vocab/lis/v2/membership#Administrator',
  'http://purl.imsglobal.org/vocab/lis/v2/membership#ContentDeveloper',
  'http://purl.imsglobal.org/vocab/lis/v2/institution/person#Administrator',
  'http://purl.imsglobal.org/vocab/lis/v2/system/person#Administrator',
];

/** LTI roles → ours. Teaching assistants are a sub-role of Instructor (membership/Instructor#TeachingAssistant). */
export function courseRole(roles: readonly string[]): 'instructor' | 'learner' {
  const isInstructor = roles.some((r) => INSTRUCTOR_ROLES.includes(r) || r.startsWith('http://purl.imsglobal.org/vocab/lis/v2/membership/Instructor#'));
  return isInstructor ? 'instructor' : 'learner';
}
