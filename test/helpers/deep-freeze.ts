/**
 * Freezes a value and everything it reaches, so that any mutation throws. `Object.freeze` does
 * not stop `Map.set` or `Set.add`, so Maps and Sets get those methods replaced by ones that throw:
 * a reducer that mutates its input fails loudly, one that copies (`new Map(old).set(...)`) works.
 * Typed arrays cannot be frozen and are left alone. Returns its argument.
 */
export function deepFreeze<T>(value: T): T {
  if (typeof value !== 'object' || value === null || done.has(value)) return value;
  done.add(value);
  if (ArrayBuffer.isView(value)) return value;
  if (value instanceof Map) {
    lock(value, ['set', 'delete', 'clear']);
    for (const [k, v] of value) {
      deepFreeze(k);
      deepFreeze(v);
    }
  } else if (value instanceof Set) {
    lock(value, ['add', 'delete', 'clear']);
    for (const v of value) deepFreeze(v);
  }
  for (const key of Reflect.ownKeys(value)) deepFreeze((value as Record<PropertyKey, unknown>)[key]);
  return Object.freeze(value);
}

/** Everything frozen so far: values are shared between steps, and a frozen Map cannot be locked twice. */
const done = new WeakSet<object>();

function lock(target: object, methods: readonly string[]): void {
  if (Object.isFrozen(target)) return;
  for (const name of methods) {
    Object.defineProperty(target, name, {
      value: () => {
        throw new TypeError(`mutation of a frozen ${target.constructor.name}: ${name}()`);
      },
      enumerable: false,
    });
  }
}
