import { z } from 'zod';
import { LTI } from './claims';

/** The parts of a platform's OpenID configuration (LTI Dynamic Registration 1.0, section 3.4) we rely on. */
export const platformConfigurationSchema = z.object({
  issuer: z.url(),
  authorization_endpoint: z.url(),
  token_endpoint: z.url(),
  jwks_uri: z.url(),
  registration_endpoint: z.url(),
  scopes_supported: z.array(z.string()).optional(),
  [LTI.platformConfiguration]: z
    .looseObject({
      product_family_code: z.string().optional(),
      messages_supported: z.array(z.looseObject({ type: z.string() })).optional(),
    })
    .optional(),
});

/** The platform's answer to our client registration (section 3.6): client_id plus the tool configuration with its deployment. */
export const registrationResponseSchema = z.object({
  client_id: z.string().min(1),
  [LTI.toolConfiguration]: z.looseObject({ deployment_id: z.string().min(1).optional() }).optional(),
});

/** Query parameters the platform opens `/lti/register` with. */
export const registerQuerySchema = z.object({
  openid_configuration: z.string().min(1, 'openid_configuration is missing'),
  registration_token: z.string().optional(),
});

/** Manual registration by an instructor: the same fields dynamic registration would have stored. */
export const manualRegistrationSchema = z.object({
  name: z.string().trim().min(1).max(200),
  issuer: z.string().trim().pipe(z.url()),
  clientId: z.string().trim().min(1).max(500),
  deploymentId: z.string().trim().min(1).max(500),
  authorizationEndpoint: z.string().trim().pipe(z.url()),
  tokenEndpoint: z.string().trim().pipe(z.url()),
  jwksUri: z.string().trim().pipe(z.url()),
});

export type ManualRegistration = z.infer<typeof manualRegistrationSchema>;
