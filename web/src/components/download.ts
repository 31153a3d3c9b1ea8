/** Saves a Blob as a file through the browser's download, as a link with `download` would. */
export function downloadBlob(blob: Blob, filename: string): void {
  const url = URL.createObjectURL(blob);
  const a = document.createElement('a');
  a.href = url;
  a.download = filename;
  a.click();
  // The download reads the URL after this task; release it once that surely happened.
  setTimeout(() => URL.revokeObjectURL(url), 60_000);
}

/**
 * `vmmi-<estate>-<view>[-<site or tenant>].<extension>`, from ids only so it
 * is a safe file name: `vmmi-demo-site-lon1.svg`, `vmmi-demo-tenant-acme.png`.
 */
export function exportFileName(
  estateId: string,
  view: string,
  subjectId: string | null,
  extension: string,
): string {
  return ['vmmi', estateId, view, ...(subjectId ? [subjectId] : [])].join('-') + '.' + extension;
}

/** `vmmi-<estate>-<view>[-<site or tenant>].png`. */
export const pngFileName = (estateId: string, view: string, subjectId: string | null): string =>
  exportFileName(estateId, view, subjectId, 'png');
