/**
 * Raw text of selected top-level fields of a JSON object, without parsing them. Test inputs
 * must reach Python exactly as written: JavaScript's JSON.parse would turn 1.0 into 1 and round
 * integers above 2^53.
 */
export function rawTopLevelFields(json: string, keys: readonly string[]): Map<string, string> {
  const wanted = new Set(keys);
  const found = new Map<string, string>();
  let i = skipWs(json, 0);
  if (json[i] !== '{') throw new SyntaxError('expected a JSON object');
  i = skipWs(json, i + 1);
  if (json[i] === '}') return found;
  for (;;) {
    const keyEnd = skipString(json, i);
    const key = JSON.parse(json.slice(i, keyEnd)) as string;
    i = skipWs(json, keyEnd);
    if (json[i] !== ':') throw new SyntaxError(`expected ':' at offset ${i}`);
    const start = skipWs(json, i + 1);
    const end = skipValue(json, start);
    if (wanted.has(key)) found.set(key, json.slice(start, end));
    i = skipWs(json, end);
    if (json[i] === '}') return found;
    if (json[i] !== ',') throw new SyntaxError(`expected ',' or '}' at offset ${i}`);
    i = skipWs(json, i + 1);
  }
}

function skipWs(s: string, i: number): number {
  while (i < s.length && (s[i] === ' ' || s[i] === '\n' || s[i] === '\r' || s[i] === '\t')) i++;
  return i;
}

function skipString(s: string, i: number): number {
  if (s[i] !== '"') throw new SyntaxError(`expected a string at offset ${i}`);
  for (let j = i + 1; j < s.length; j++) {
    if (s[j] === '\\') j++;
    else if (s[j] === '"') return j + 1;
  }
  throw new SyntaxError('unterminated string');
}

function skipValue(s: string, i: number): number {
  const c = s[i];
  if (c === '"') return skipString(s, i);
  if (c === '{' || c === '[') {
    let depth = 0;
    for (let j = i; j < s.length; j++) {
      const d = s[j];
      if (d === '"') j = skipString(s, j) - 1;
      else if (d === '{' || d === '[') depth++;
      else if (d === '}' || d === ']') {
        depth--;
        if (depth === 0) return j + 1;
      }
    }
    throw new SyntaxError('unterminated container');
  }
  let j = i;
  while (j < s.length && !',}] \n\r\t'.includes(s[j])) j++;
  if (j === i) throw new SyntaxError(`expected a value at offset ${i}`);
  return j;
}
