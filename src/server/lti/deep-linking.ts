import { z } from 'zod';
import { LTI } from './claims';
import type { Catalog, CatalogItem } from './catalog';
import { invalid } from './errors';
import type { ToolKeys } from './keys';
import type { DeepLinkRequest } from './store/launches';
import type { Platform } from './store/platforms';

export const deepLinkPickSchema = z.object({
  request: z.string().min(1).max(200),
  items: z.union([z.string(), z.array(z.string())]).transform((v) => (Array.isArray(v) ? v : [v])).pipe(z.array(z.string().regex(/^(lesson|quiz|lab):[\w\/-]+$/)).min(1, 'pick at least one item')),
});

/** One ltiResourceLink content item (Deep Linking 2.0 section 3.4.6); graded items carry a line item. */
export function contentItem(item: CatalogItem, toolOrigin: string) {
  return {
    type: 'ltiResourceLink',
    title: item.kind === 'lesson' ? item.title : `${item.kind === 'quiz' ? 'Quiz' : 'Lab'}: ${item.title}`,
    url: toolOrigin + item.path,
    custom: { course_item: `${item.kind}:${item.id}` },
    ...(item.scoreMaximum !== null ? { lineItem: { scoreMaximum: item.scoreMaximum, label: item.title, resourceId: `${item.kind}:${item.id}` } } : {}),
  };
}

/** The signed LtiDeepLinkingResponse: we are the issuer (our client_id), the platform the audience. */
export async function deepLinkingResponse(keys: ToolKeys, catalog: Catalog, platform: Platform, request: DeepLinkRequest, picked: string[], toolOrigin: string): Promise<string> {
  const items = picked.map((p) => {
    const [kind, id] = p.split(':') as [string, string];
    const found = catalog.find(kind, id);
    if (!found) throw invalid(`Unknown item ${p}.`);
    return contentItem(found, toolOrigin);
  });
  if (!request.acceptMultiple && items.length > 1) throw invalid('Your platform accepts one item at a time here.');
  return keys.sign(
    {
      iss: platform.clientId,
      aud: platform.issuer,
      nonce: crypto.randomUUID(),
      [LTI.deploymentId]: request.deploymentId,
      [LTI.messageType]: 'LtiDeepLinkingResponse',
      [LTI.version]: '1.3.0',
      [LTI.contentItems]: items,
      ...(request.data ? { [LTI.dlData]: request.data } : {}),
    },
    300,
  );
}
