import type { NumberField } from './compiled-game';

/** Compiles a dotted path (`data.value`) into a reader of a finite number at that path of an event. */
export function compileNumberField(path: string): NumberField {
  const parts = path.split('.');
  return (event) => {
    let value: unknown = event;
    for (const part of parts) {
      if (value === null || typeof value !== 'object') return undefined;
      value = (value as Record<string, unknown>)[part];
    }
    return typeof value === 'number' && Number.isFinite(value) ? value : undefined;
  };
}
