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

/** `vmmi-<estate>-<view>[-<site>].<extension>`, from ids only so it is a safe file name. */
export function exportFileName(
  estateId: string,
  view: string,
  siteId: string | null,
  extension: string,
): string {
  return ['vmmi', estateId, view, ...(siteId ? [siteId] : [])].join('-') + '.' + extension;
}

/** `vmmi-<estate>-<view>[-<site>].png`. */
export const pngFileName = (estateId: string, view: string, siteId: string | null): string =>
  exportFileName(estateId, view, siteId, 'png');
