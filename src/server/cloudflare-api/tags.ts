import { z } from 'zod';
import { MAX_TAGS } from '../lab-engine/schemas';
import { validation } from './envelope';

export const tagSchema = z
  .string()
  .min(1)
  .max(256)
  .refine((t) => !/[,&]/.test(t), 'tags must not contain "," or "&"');
export const tagListSchema = z.array(tagSchema).max(MAX_TAGS, `a script has at most ${MAX_TAGS} tags`);

/** `?tags=customer-1:yes,free:no` (a bare tag means yes), as the platform's list and delete filters. */
export function parseTagFilter(value: string | null): Array<{ tag: string; present: boolean }> | undefined {
  if (value === null || value === '') return undefined;
  return value.split(',').map((item) => {
    // The last ":yes" / ":no" is the filter; a tag itself may contain colons.
    const match = /^(.+?)(?::(yes|no))?$/.exec(item.trim());
    if (!match)
      throw validation(`Invalid tags filter "${item}": use tag:yes or tag:no, separated by commas (for example ?tags=customer-1:yes,free:no).`);
    return { tag: match[1]!, present: match[2] !== 'no' };
  });
}
