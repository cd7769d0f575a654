/**
 * Marks that end a sentence in what a user writes (Chinese and Western, with closing quotes and brackets
 * after them): `asSentence` adds no 。 after them.
 */
const ENDS_A_SENTENCE = /[。！？!?…．.][」』”’）)\]]*$/u;

/**
 * A user's own words (a return's 意见, a 批示, a 催办意见) quoted as one sentence of a notice: ended by 。 unless
 * they end a sentence already, so "请补充材料。" is not quoted as "请补充材料。。". Spaces around them are
 * dropped.
 */
export function asSentence(words: string): string {
  const trimmed = words.trim();
  return trimmed === '' || ENDS_A_SENTENCE.test(trimmed) ? trimmed : `${trimmed}。`;
}
