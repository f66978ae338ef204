/**
 * The unit words the paper's grader (Qwen2.5-Math `strip_string`) deletes from answers, in its
 * order, each also with an "s" appended. They are regular-expression fragments there (so
 * "q ." matches "q" + space + any character), and are used the same way here.
 */
const BASE = [
  'east', 'degree', 'mph', 'kmph', 'ft', 'm sqaure', ' m east', 'sq m', 'deg', 'mile', 'q .', 'monkey', 'prime', 'ratio', 'profit of rs', 'rd', 'o',
  'gm', 'p . m', 'lb', 'tile', 'per', 'dm', 'lt', 'gain', 'ab', 'way', 'west', 'a .', 'b .', 'c .', 'd .', 'e .', 'f .', 'g .', 'h .', 't', 'a', 'h',
  'no change', 'men', 'soldier', 'pie', 'bc', 'excess', 'st', 'inches', 'noon', 'percent', 'by', 'gal', 'kmh', 'c', 'acre', 'rise', 'a . m', 'th',
  'π r 2', 'sq', 'mark', 'l', 'toy', 'coin', 'sq . m', 'gallon', '° f', 'profit', 'minw', 'yr', 'women', 'feet', 'am', 'pm', 'hr', 'cu cm', 'square',
  'v â € ™', 'are', 'rupee', 'rounds', 'cubic', 'cc', 'mtr', 's', 'ohm', 'number', 'kmph', 'day', 'hour', 'minute', 'min', 'second', 'man', 'woman',
  'sec', 'cube', 'mt', 'sq inch', 'mp', '∏ cm ³', 'hectare', 'more', 'sec', 'unit', 'cu . m', 'cm 2', 'rs .', 'rs', 'kg', 'g', 'month', 'km', 'm', 'cm',
  'mm', 'apple', 'liter', 'loss', 'yard', 'pure', 'year', 'increase', 'decrease', 'd', 'less', 'Surface', 'litre', 'pi sq m', 's .', 'metre', 'meter', 'inch',
];

/** Python's `\W` is Unicode-aware: anything but a letter, digit or underscore. */
const NON_WORD = '[^\\p{L}\\p{N}_]';

export interface UnitPattern {
  re: RegExp;
  /** Text that must occur for the pattern to match (the part before any "." wildcard): a cheap pre-check. */
  literal: string;
}

export const PAPER_UNIT_PATTERNS: UnitPattern[] = [...BASE, ...BASE.map((u) => `${u}s`)].map((u) => ({
  re: new RegExp(`(^|${NON_WORD})${u}($|${NON_WORD})`, 'gu'),
  literal: u.split('.')[0],
}));
