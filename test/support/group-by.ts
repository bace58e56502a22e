/**
 * `items` grouped into lists by `keyOf`, each list in the items' order (Node 20 has no `Map.groupBy`).
 * Appends in place: the suites group 10,000–100,000 events, where copying a list per item
 * (`[...list, item]`) costs tens of seconds.
 */
export function groupBy<Item, Key>(items: Iterable<Item>, keyOf: (item: Item) => Key): Map<Key, Item[]> {
  const groups = new Map<Key, Item[]>();
  for (const item of items) {
    const key = keyOf(item);
    const group = groups.get(key);
    if (group) group.push(item);
    else groups.set(key, [item]);
  }
  return groups;
}
