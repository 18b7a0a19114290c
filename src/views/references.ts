/**
 * Finds the relations a SELECT reads (names after FROM / JOIN, and comma-joined lists) and the
 * CTE names it defines, without a full SQL parser: comments, strings and quoted identifiers are
 * tokenized away first, and FROM only counts in a query context, so `extract(year FROM ts)`,
 * `trim(both ' ' FROM s)` and `IS DISTINCT FROM` are not mistaken for table references.
 */

type Token = {kind: "word" | "quoted" | "punct" | "string" | "number"; text: string};

export function tokenize(sql: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  while (i < sql.length) {
    const c = sql[i]!;
    if (/\s/.test(c)) {
      i++;
    } else if (c === "-" && sql[i + 1] === "-") {
      while (i < sql.length && sql[i] !== "\n") i++;
    } else if (c === "/" && sql[i + 1] === "*") {
      const end = sql.indexOf("*/", i + 2);
      i = end < 0 ? sql.length : end + 2;
    } else if (c === "'") {
      let j = i + 1;
      while (j < sql.length && !(sql[j] === "'" && sql[j + 1] !== "'")) j += sql[j] === "'" ? 2 : 1;
      tokens.push({kind: "string", text: sql.slice(i, j + 1)});
      i = j + 1;
    } else if (c === '"') {
      let j = i + 1;
      while (j < sql.length && !(sql[j] === '"' && sql[j + 1] !== '"')) j += sql[j] === '"' ? 2 : 1;
      tokens.push({kind: "quoted", text: sql.slice(i + 1, j).replaceAll('""', '"')});
      i = j + 1;
    } else if (/[A-Za-z_\u0080-\uffff]/.test(c)) {
      let j = i + 1;
      while (j < sql.length && /[A-Za-z0-9_$\u0080-\uffff]/.test(sql[j]!)) j++;
      tokens.push({kind: "word", text: sql.slice(i, j)});
      i = j;
    } else if (/[0-9]/.test(c)) {
      let j = i + 1;
      while (j < sql.length && /[0-9.eE]/.test(sql[j]!)) j++;
      tokens.push({kind: "number", text: sql.slice(i, j)});
      i = j;
    } else {
      tokens.push({kind: "punct", text: c});
      i++;
    }
  }
  return tokens;
}

const isWord = (t: Token | undefined, ...words: string[]) => t?.kind === "word" && words.includes(t.text.toUpperCase());
const isPunct = (t: Token | undefined, p: string) => t?.kind === "punct" && t.text === p;
const isName = (t: Token | undefined) => t?.kind === "word" || t?.kind === "quoted";

/** Words that end a FROM list item's alias or start the next clause. */
const CLAUSE = new Set([
  "WHERE", "GROUP", "ORDER", "HAVING", "LIMIT", "QUALIFY", "WINDOW", "UNION", "EXCEPT", "INTERSECT", "ON", "USING",
  "JOIN", "LEFT", "RIGHT", "FULL", "INNER", "CROSS", "NATURAL", "POSITIONAL", "ASOF", "ANTI", "SEMI", "LATERAL", "OUTER", "SELECT"
]);

export interface References {
  /** Relation names read (lower-cased, schema prefix dropped), in order of first use. */
  relations: string[];
  /** Names defined by WITH, which shadow relations of the same name. */
  ctes: string[];
}

export function findReferences(sql: string): References {
  const tokens = tokenize(sql);
  const relations: string[] = [];
  const ctes: string[] = [];
  // For each open parenthesis: is it a subquery (query context) or an expression?
  const stack: boolean[] = [true];

  const readRelation = (start: number): number => {
    let i = start;
    if (isWord(tokens[i], "LATERAL")) i++;
    if (!isName(tokens[i])) return i;
    let name = tokens[i]!.text;
    while (isPunct(tokens[i + 1], ".") && isName(tokens[i + 2])) {
      i += 2;
      name = tokens[i]!.text;
    }
    // `name(` is a table function (range, unnest, read_parquet...), not a relation.
    if (isPunct(tokens[i + 1], "(")) return i + 1;
    const lower = name.toLowerCase();
    if (!relations.includes(lower)) relations.push(lower);
    return i + 1;
  };

  /** From an opening parenthesis, the index after its match; any other index unchanged. */
  const skipParens = (start: number): number => {
    if (!isPunct(tokens[start], "(")) return start;
    let depth = 0;
    for (let j = start; j < tokens.length; j++) {
      if (isPunct(tokens[j], "(")) depth++;
      else if (isPunct(tokens[j], ")") && --depth === 0) return j + 1;
    }
    return tokens.length;
  };

  for (let i = 0; i < tokens.length; i++) {
    const t = tokens[i]!;
    if (isPunct(t, "(")) {
      stack.push(isWord(tokens[i + 1], "SELECT", "WITH", "FROM", "VALUES"));
      continue;
    }
    if (isPunct(t, ")")) {
      if (stack.length > 1) stack.pop();
      continue;
    }
    const inQuery = stack[stack.length - 1];
    if (isWord(t, "WITH") || (isPunct(t, ",") && isName(tokens[i + 1]) && isWord(tokens[i + 2], "AS") && isPunct(tokens[i + 3], "("))) {
      let j = i + 1;
      if (isWord(tokens[j], "RECURSIVE")) j++;
      if (isName(tokens[j]) && (isWord(tokens[j + 1], "AS") || isPunct(tokens[j + 1], "("))) {
        const name = tokens[j]!.text.toLowerCase();
        if (!ctes.includes(name)) ctes.push(name);
      }
      continue;
    }
    if (!inQuery) continue;
    if (isWord(t, "FROM") && !isWord(tokens[i - 1], "DISTINCT")) {
      // A FROM list: relation [AS] [alias] {, relation [AS] [alias]}
      // Only looks ahead: the main loop still visits every token, subqueries included.
      let j = skipParens(readRelation(i + 1));
      for (;;) {
        if (isWord(tokens[j], "AS")) j++;
        if (isName(tokens[j]) && !CLAUSE.has(tokens[j]!.text.toUpperCase())) j = skipParens(j + 1);
        if (!isPunct(tokens[j], ",")) break;
        j = skipParens(readRelation(j + 1));
      }
    } else if (isWord(t, "JOIN")) {
      readRelation(i + 1);
    }
  }
  return {relations, ctes};
}
