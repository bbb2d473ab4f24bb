/** The order assets are made in: their inputs first, and no cycle. */

/** Finds a cycle in the dependency graph, as asset indices from the first back to it, or undefined. */
export function findCycle(dependsOn: ReadonlyArray<readonly number[]>): number[] | undefined {
  const state = new Array<0 | 1 | 2>(dependsOn.length).fill(0);
  const stack: number[] = [];
  const visit = (node: number): number[] | undefined => {
    state[node] = 1;
    stack.push(node);
    for (const next of dependsOn[node] ?? []) {
      if (state[next] === 1) return [...stack.slice(stack.indexOf(next)), next];
      if (state[next] === 0) {
        const cycle = visit(next);
        if (cycle) return cycle;
      }
    }
    stack.pop();
    state[node] = 2;
    return undefined;
  };
  for (let node = 0; node < dependsOn.length; node++) {
    if (state[node] === 0) {
      const cycle = visit(node);
      if (cycle) return cycle;
    }
  }
  return undefined;
}

/** A dependency order (Kahn's algorithm, stable by manifest order); assumes no cycle. */
export function dependencyOrder(dependsOn: ReadonlyArray<readonly number[]>): number[] {
  const remaining = dependsOn.map((deps) => new Set(deps));
  const order: number[] = [];
  const done = new Set<number>();
  while (order.length < dependsOn.length) {
    const ready = remaining.findIndex((deps, index) => !done.has(index) && [...deps].every((dep) => done.has(dep)));
    if (ready < 0) break;
    done.add(ready);
    order.push(ready);
  }
  return order;
}
