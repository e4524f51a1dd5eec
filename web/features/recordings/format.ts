/** "900 B", "12.5 KiB", "64 MiB": sizes of recorded output. */
export function formatBytes(bytes: number): string {
  const units: [number, string][] = [
    [1024 ** 3, 'GiB'],
    [1024 ** 2, 'MiB'],
    [1024, 'KiB'],
  ];
  const [size, unit] = units.find(([n]) => bytes >= n) ?? [1, 'B'];
  return `${Number((bytes / size).toFixed(1))} ${unit}`;
}
