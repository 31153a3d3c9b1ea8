/** containerlab topologies in and out (docs/import-clab.md). */
export { CLAB_LABELS } from './clab-document.ts';
export { classifyKind, EXPORT_KINDS } from './kinds.ts';
export { ClabReportEntrySchema, formatClabReport, type ClabReportEntry } from './report.ts';
export { CLAB_IMPORT_DEFAULTS, importClab, type ClabImportResult } from './import-clab.ts';
export {
  ClabExportError,
  exportClab,
  exportClabTopology,
  type ClabExportOptions,
  type ClabTopologyOut,
} from './export-clab.ts';
