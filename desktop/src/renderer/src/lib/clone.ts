// A deep copy of plain data that also accepts Vue's reactive proxies (structuredClone refuses them).
export function clonePlain<T>(value: T): T {
  return JSON.parse(JSON.stringify(value)) as T;
}
