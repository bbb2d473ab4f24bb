/**
 * One palette command. Its id lives in the command table (`src/commandTable.ts`), which pairs every id of
 * `core/commandIds` with the function that builds it from only the services it uses.
 */
export interface Command {
  execute(...args: unknown[]): unknown;
}
