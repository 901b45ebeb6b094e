/**
 * Salesforce Files (Object Reference › ContentVersion, ContentDocument, ContentDocumentLink): inserting a
 * ContentVersion without a ContentDocumentId creates its ContentDocument; with FirstPublishLocationId the document
 * is linked to that record (ContentDocumentLink, ShareType I). A version inserted for an existing document becomes
 * its latest version. FileType follows the file extension of PathOnClient.
 */
import type { OrgDatabase, StoredRecord } from './database.js';
import { ApexBlob, ApexList, type Value } from '../interpreter/values.js';
import { parseDecimal } from '../interpreter/numbers.js';
import { stringOf } from './value-utils.js';

const FILE_TYPES: Record<string, string> = {
  txt: 'TEXT',
  csv: 'CSV',
  pdf: 'PDF',
  png: 'PNG',
  jpg: 'JPG',
  jpeg: 'JPEG',
  gif: 'GIF',
  m4a: 'M4A',
  mp3: 'MP3',
  mp4: 'MP4',
  doc: 'WORD',
  docx: 'WORD_X',
  xls: 'EXCEL',
  xlsx: 'EXCEL_X',
  ppt: 'POWER_POINT',
  pptx: 'POWER_POINT_X',
  zip: 'ZIP',
  json: 'JSON',
  xml: 'XML',
  html: 'HTML',
};

export function onContentVersionInsert(db: OrgDatabase, stored: StoredRecord, userId: string): void {
  const v = stored.values;
  const path = String(v.get('pathonclient') ?? '');
  const ext = path.includes('.') ? path.substring(path.lastIndexOf('.') + 1).toLowerCase() : '';
  const fileType = FILE_TYPES[ext] ?? 'UNKNOWN';
  const data = v.get('versiondata') as Value;
  const size = data instanceof ApexBlob ? data.bytes.length : 0;
  v.set('fileextension', ext || null);
  v.set('filetype', fileType);
  v.set('contentsize', size);
  v.set('islatest', true);
  if (!v.get('ownerid')) v.set('ownerid', userId);
  const docId = v.get('contentdocumentid');
  if (typeof docId === 'string' && db.get(docId)) {
    for (const other of db.rows('ContentVersion'))
      if (other.id !== stored.id && other.values.get('contentdocumentid') === docId)
        db.patch(other, { IsLatest: false });
    const doc = db.get(docId)!;
    const n = db.rows('ContentVersion').filter((x) => x.values.get('contentdocumentid') === docId).length;
    v.set('versionnumber', String(n));
    db.patch(doc, {
      LatestPublishedVersionId: stored.id,
      FileType: fileType,
      FileExtension: ext || null,
      ContentSize: size,
    });
    return;
  }
  v.set('versionnumber', '1');
  const doc = db.insertRaw(
    'ContentDocument',
    {
      Title: v.get('title') ?? path,
      LatestPublishedVersionId: stored.id,
      FileType: fileType,
      FileExtension: ext || null,
      ContentSize: size,
      OwnerId: v.get('ownerid') ?? userId,
    },
    userId,
  );
  v.set('contentdocumentid', doc.id);
  const owner = String(v.get('ownerid') ?? userId);
  db.insertRaw(
    'ContentDocumentLink',
    { ContentDocumentId: doc.id, LinkedEntityId: owner, ShareType: 'I', Visibility: 'AllUsers' },
    userId,
  );
  const first = v.get('firstpublishlocationid');
  if (typeof first === 'string' && first.substring(0, 15) !== owner.substring(0, 15))
    db.insertRaw(
      'ContentDocumentLink',
      { ContentDocumentId: doc.id, LinkedEntityId: first, ShareType: 'I', Visibility: 'AllUsers' },
      userId,
    );
}

/** ContentDistribution: the public and download URLs the platform generates on insert. */
export function onContentDistributionInsert(db: OrgDatabase, stored: StoredRecord, orgDomain: string): void {
  const v = stored.values;
  const versionId = String(v.get('contentversionid') ?? '');
  const version = db.get(versionId);
  if (version) v.set('contentdocumentid', version.values.get('contentdocumentid') ?? null);
  const token = stored.id.substring(5, 15);
  v.set('distributionpublicurl', `${orgDomain}/sfc/p/${token}`);
  v.set('contentdownloadurl', `${orgDomain}/sfc/dist/version/download/?oid=${stored.id}&ids=${versionId}&d=${token}`);
}

/** EmailMessage (Object Reference › EmailMessage, "ToIds ... creates EmailMessageRelation records"): the Ids in
 * ToIds / CcIds / BccIds become EmailMessageRelation rows of the matching relation type. */
export function onEmailMessageInsert(db: OrgDatabase, stored: StoredRecord, userId: string): void {
  for (const [field, type] of [
    ['toids', 'ToAddress'],
    ['ccids', 'CcAddress'],
    ['bccids', 'BccAddress'],
  ] as const) {
    const v = stored.values.get(field) as Value;
    const ids = v instanceof ApexList ? v.items : Array.isArray(v) ? (v as Value[]) : [];
    for (const id of ids) {
      if (typeof id !== 'string') continue;
      db.insertRaw('EmailMessageRelation', { EmailMessageId: stored.id, RelationId: id, RelationType: type }, userId);
    }
  }
}

/** OpportunityLineItem (Object Reference › OpportunityLineItem): Product2Id and the list price come from the price
 * book entry, UnitPrice defaults to it, TotalPrice = Quantity × UnitPrice (less Discount) unless given. */
export function onOpportunityLineItemInsert(db: OrgDatabase, stored: StoredRecord): void {
  const v = stored.values;
  const pbe = db.get(String(v.get('pricebookentryid') ?? ''));
  const price = pbe?.values.get('unitprice') ?? null;
  if (pbe) {
    v.set('product2id', pbe.values.get('product2id') ?? null);
    v.set('listprice', price);
    if (v.get('unitprice') === null || v.get('unitprice') === undefined) v.set('unitprice', price);
  }
  const qty = v.get('quantity');
  const unit = v.get('unitprice');
  if ((v.get('totalprice') === null || v.get('totalprice') === undefined) && qty != null && unit != null) {
    const q = Number(stringOf(qty));
    const u = Number(stringOf(unit));
    const disc = v.get('discount') == null ? 0 : Number(stringOf(v.get('discount') ?? null));
    const total = Math.round(q * u * (1 - disc / 100) * 100) / 100;
    v.set('totalprice', parseDecimal(total.toFixed(2)));
  }
}
