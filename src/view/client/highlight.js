// A small syntax highlighter for code in model responses (Python, JS/TS, C-like). It only splits
// text into tokens; the caller puts each token into a span via textContent, so code is never
// interpreted as HTML.

const KEYWORDS = new Set(
  (
    'and as assert async await break case catch class const continue def default del do elif else except export ' +
    'extends false finally for from function global if import in is lambda let new none nonlocal not null or pass ' +
    'raise return self static struct switch this throw true try typeof var void while with yield int float str bool ' +
    'list dict set tuple print range len True False None'
  ).split(' '),
);

/** Token pattern for a comment syntax: `#` (Python, shell) or `//` and block comments (C-like). */
function tokenPattern(hashComments) {
  return new RegExp(
    [
      /("""[\s\S]*?"""|'''[\s\S]*?''')/.source, // triple-quoted string
      hashComments ? /(#[^\n]*)/.source : /(\/\/[^\n]*)/.source, // line comment
      hashComments ? /(?!)()/.source : /(\/\*[\s\S]*?\*\/)/.source, // block comment
      /("(?:\\.|[^"\\\n])*"|'(?:\\.|[^'\\\n])*'|`(?:\\.|[^`\\])*`)/.source, // string
      /(\b\d+(?:\.\d+)?(?:e[+-]?\d+)?\b)/.source, // number
      /([A-Za-z_]\w*)/.source, // word
    ].join('|'),
    'g',
  );
}

const HASH_LANGUAGES = new Set(['python', 'py', 'python3', 'sh', 'bash', 'shell', 'ruby', 'rb', 'r', 'yaml']);

/** Python-style comments when the fence says so, or when unlabelled code looks like Python. */
function usesHashComments(code, language) {
  if (language) return HASH_LANGUAGES.has(language.toLowerCase());
  return /^\s*(def |import |from \w+ import |class \w+.*:\s*$|print\()/m.test(code);
}

/** Splits code into [text, class] pairs; class is '' for plain text. */
export function tokenize(code, language) {
  const out = [];
  let last = 0;
  for (const m of code.matchAll(tokenPattern(usesHashComments(code, language)))) {
    if (m.index > last) out.push([code.slice(last, m.index), '']);
    const [text, triple, line, block, string, number, word] = m;
    let cls = '';
    if (triple !== undefined || string !== undefined) cls = 'tok-str';
    else if (line !== undefined || block !== undefined) cls = 'tok-com';
    else if (number !== undefined) cls = 'tok-num';
    else if (word !== undefined && KEYWORDS.has(word)) cls = 'tok-kw';
    out.push([text, cls]);
    last = m.index + text.length;
  }
  if (last < code.length) out.push([code.slice(last), '']);
  return out;
}

/** A <pre> element with the highlighted code, built from text nodes only. */
export function highlightedBlock(code, language) {
  const pre = document.createElement('pre');
  pre.className = 'code';
  if (language) pre.setAttribute('data-language', language);
  const el = document.createElement('code');
  for (const [text, cls] of tokenize(code, language)) {
    if (cls === '') el.appendChild(document.createTextNode(text));
    else {
      const span = document.createElement('span');
      span.className = cls;
      span.textContent = text;
      el.appendChild(span);
    }
  }
  pre.appendChild(el);
  return pre;
}
