/** Finds where in the YAML source a problem at a given document path should be shown. */
import { isMap, isNode, isScalar, type Document, type LineCounter } from 'yaml';
import type { PathIssue, PathSegment } from './issues.js';

/** 1-based line and column. */
export interface Position {
  line: number;
  column: number;
}

export function positionOf(doc: Document, lineCounter: LineCounter, issue: PathIssue): Position {
  const offset =
    (issue.pointAt === 'key' ? keyOffset(doc, issue.path) : undefined) ??
    nearestNodeOffset(doc, issue.pointAt === 'parent' ? issue.path.slice(0, -1) : issue.path);
  if (offset === undefined) return { line: 1, column: 1 };
  const { line, col } = lineCounter.linePos(offset);
  return { line, column: col };
}

/** Start of the key node of the last path segment, e.g. the `adress` in `adress: x`. */
function keyOffset(doc: Document, path: PathSegment[]): number | undefined {
  const map = nodeAt(doc, path.slice(0, -1));
  if (!isMap(map)) return undefined;
  const name = String(path[path.length - 1]);
  const pair = map.items.find((item) => isScalar(item.key) && String(item.key.value) === name);
  return isNode(pair?.key) ? pair.key.range?.[0] : undefined;
}

/** Start of the node at `path`, or of its closest existing ancestor when it is absent. */
function nearestNodeOffset(doc: Document, path: PathSegment[]): number | undefined {
  for (let length = path.length; length >= 0; length--) {
    const node = nodeAt(doc, path.slice(0, length));
    if (isNode(node) && node.range) return node.range[0];
  }
  return undefined;
}

function nodeAt(doc: Document, path: PathSegment[]): unknown {
  return path.length === 0 ? doc.contents : doc.getIn(path, true);
}
