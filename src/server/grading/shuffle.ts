import { randomInt } from 'node:crypto';
import type { Quiz } from '../../schemas/quiz';
import type { OptionOrder } from '../store/quiz-sittings';

/** A fresh random order of every choice question's options (Fisher–Yates), stored with the attempt. */
export function shuffledOrder(quiz: Quiz): OptionOrder {
  const order: OptionOrder = {};
  for (const q of quiz.questions) {
    if (q.type !== 'single' && q.type !== 'multiple') continue;
    const ids = q.options.map((o) => o.id);
    for (let i = ids.length - 1; i > 0; i--) {
      const j = randomInt(i + 1);
      [ids[i], ids[j]] = [ids[j]!, ids[i]!];
    }
    order[q.id] = ids;
  }
  return order;
}
