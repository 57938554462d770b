import { z } from 'zod';
import { LTI } from './claims';

const resourceLinkRequest = 'LtiResourceLinkRequest';
const deepLinkingRequest = 'LtiDeepLinkingRequest';

/** The LTI claims of an id_token (LTI 1.3 core section 5.3-5.4, AGS 3.1, NRPS 3.6.1, Deep Linking 4.4), checked after the signature. */
export const launchClaimsSchema = z
  .object({
    sub: z.string().min(1, 'the launch has no sub (anonymous launches cannot sign in)').max(255),
    // Long names are cut, not refused: a launch should not fail over a display name.
    name: z.string().transform((s) => s.slice(0, 200)).optional(),
    given_name: z.string().transform((s) => s.slice(0, 100)).optional(),
    family_name: z.string().transform((s) => s.slice(0, 100)).optional(),
    email: z.string().optional(),
    [LTI.launchPresentation]: z.looseObject({ return_url: z.string().optional() }).optional(),
    [LTI.toolPlatform]: z.looseObject({ url: z.string().optional() }).optional(),
    [LTI.version]: z.literal('1.3.0', { message: 'LTI version must be 1.3.0' }),
    [LTI.messageType]: z.enum([resourceLinkRequest, deepLinkingRequest], { message: 'unsupported LTI message type' }),
    [LTI.deploymentId]: z.string().min(1).max(255),
    [LTI.targetLinkUri]: z.url(),
    [LTI.roles]: z.array(z.string()),
    [LTI.context]: z.object({ id: z.string().min(1).max(255), title: z.string().optional(), label: z.string().optional() }).optional(),
    [LTI.resourceLink]: z.object({ id: z.string().min(1).max(255), title: z.string().optional() }).optional(),
    [LTI.custom]: z.record(z.string(), z.unknown()).optional(),
    [LTI.ags]: z
      .object({ scope: z.array(z.string()).optional(), lineitem: z.url().optional(), lineitems: z.url().optional() })
      .optional(),
    [LTI.nrps]: z.object({ context_memberships_url: z.url() }).optional(),
    [LTI.deepLinkingSettings]: z
      .object({
        deep_link_return_url: z.url(),
        accept_types: z.array(z.string()),
        accept_multiple: z.boolean().optional(),
        data: z.string().optional(),
      })
      .optional(),
  })
  .superRefine((c, ctx) => {
    const type = c[LTI.messageType];
    if (type === resourceLinkRequest && !c[LTI.resourceLink]) ctx.addIssue({ code: 'custom', message: 'a resource link launch must carry resource_link.id' });
    if (type === deepLinkingRequest) {
      const s = c[LTI.deepLinkingSettings];
      if (!s) ctx.addIssue({ code: 'custom', message: 'a deep-linking request must carry deep_linking_settings' });
      else if (!s.accept_types.includes('ltiResourceLink')) ctx.addIssue({ code: 'custom', message: 'the platform does not accept ltiResourceLink items' });
    }
  });

export type LaunchClaims = z.infer<typeof launchClaimsSchema>;
