import { plural } from '../util/plural.js';
import type { ForgetReceipt } from './receipt.js';

/** The receipt for a person to read. */
export function renderReceipt(receipt: ForgetReceipt): string {
  const lines = [
    `forget receipt ${receipt.receipt}, ${receipt.at}${receipt.dry_run ? ' (DRY RUN: nothing was changed)' : ''}`,
  ];
  if (receipt.subject !== undefined) {
    const given = receipt.values?.map((value) => `${value.kind} '${value.text}'`).join(', ');
    lines.push(`subject ${receipt.subject}${given ? `; values: ${given}` : ''}`);
  }
  const verb = receipt.dry_run ? 'would be ' : '';
  lines.push(
    receipt.documents_deleted.length === 0
      ? 'documents deleted: none (no document lists the subject)'
      : `documents ${verb}deleted: ${receipt.documents_deleted.map((doc) => `${doc.id} (${plural(doc.versions, 'version')})`).join(', ')}`,
    receipt.documents_redacted.length === 0
      ? 'documents redacted: none'
      : `documents ${verb}redacted: ${receipt.documents_redacted.map((doc) => `${doc.id} v${doc.versions.join(', v')}`).join('; ')}`,
    `also ${verb}purged: ${
      Object.entries(receipt.purged)
        .map(([where, count]) => `${where} ${count}`)
        .join(', ') || 'nothing else is stored'
    }`,
  );
  if (receipt.datasets.length === 0)
    lines.push('datasets: none recorded holds these values (datasets are recorded by seam lint)');
  for (const dataset of receipt.datasets) {
    const models = dataset.models.length > 0 ? `; trained: ${dataset.models.join(', ')}` : '';
    lines.push(
      `dataset ${dataset.path} (sha256 ${dataset.sha256.slice(0, 12)}, ${dataset.status}) ${plural(dataset.lines.length, 'line')} ${dataset.lines.join(', ')} (${dataset.kinds.join(', ')})${models}`,
      `  to do: ${dataset.action}`,
    );
  }
  for (const model of receipt.models) lines.push(`model ${model.id}`, `  to do: ${model.action}`);
  if (receipt.residual === null) {
    lines.push(receipt.dry_run ? 'residual: not scanned in a dry run' : 'residual: not scanned');
  } else {
    const files = receipt.scanned.map((file) => `${file.file} ${file.bytes} B`).join(', ');
    lines.push(
      `residual: ${receipt.residual} ${receipt.residual === 1 ? 'copy' : 'copies'} of the values in ${plural(receipt.scanned.length, 'file')} scanned (${files})`,
    );
    for (const location of receipt.residual_locations) {
      lines.push(`  value #${location.value} at byte ${location.offset} of ${location.file}`);
    }
  }
  for (const warning of receipt.warnings) lines.push(`warning: ${warning}`);
  return lines.join('\n');
}
