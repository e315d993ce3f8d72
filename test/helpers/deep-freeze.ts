/**
 * Freezes a value and everything it reaches, so that any mutation throws. `Object.freeze` does
 * not stop `Map.set` or `Set.add`, so Maps and Sets get those methods replaced by ones that throw:
 * a reducer that mutates its input fails loudly, one that copies (`new Map(old).set(...)`) works.
 * Typed arrays cannot be frozen and are left alone. Returns its argument.
 */
export function deepFreeze<T>(value: T, seen: WeakSet<object> = new WeakSet()): T {
  if (typeof value !== 'object' || value === null || seen.has(value)) return value;
  seen.add(value);
  if (ArrayBuffer.isView(value)) return value;
  if (value instanceof Map) {
    lock(value, ['set', 'delete', 'clear']);
    for (const [k, v] of value) {
      deepFreeze(k, seen);
      deepFreeze(v, seen);
    }
  } else if (value instanceof Set) {
    lock(value, ['add', 'delete', 'clear']);
    for (const v of value) deepFreeze(v, seen);
  }
  for (const key of Reflect.ownKeys(value)) deepFreeze((value as Record<PropertyKey, unknown>)[key], seen);
  return Object.freeze(value);
}

function lock(target: object, methods: readonly string[]): void {
  for (const name of methods) {
    Object.defineProperty(target, name, {
      value: () => {
        throw new TypeError(`mutation of a frozen ${target.constructor.name}: ${name}()`);
      },
      enumerable: false,
    });
  }
}
