/**
 * The governor limits the data layer counts (per transaction, synchronous and asynchronous), their exception
 * messages, and the record of a finished transaction (`org.transactions()`).
 */
export interface TransactionRecord {
  kind: string;
  entryPoint: string;
  limits: {
    queries: number;
    queryRows: number;
    dmlStatements: number;
    dmlRows: number;
    callouts: number;
    cpuMillis: number;
  };
  error?: string;
}

export const LIMITS = {
  sync: {
    soqlQueries: 100,
    queryRows: 50000,
    dmlStatements: 150,
    dmlRows: 10000,
    callouts: 100,
    queueableJobs: 50,
    cpuTime: 10000,
    publishImmediateDml: 150,
    futureCalls: 50,
  },
  async: {
    soqlQueries: 200,
    queryRows: 50000,
    dmlStatements: 150,
    dmlRows: 10000,
    callouts: 100,
    queueableJobs: 1,
    cpuTime: 60000,
    publishImmediateDml: 150,
    futureCalls: 50,
  },
};

export const LIMIT_MESSAGES: Record<string, string> = {
  soqlQueries: 'Too many SOQL queries',
  queryRows: 'Too many query rows',
  dmlStatements: 'Too many DML statements',
  dmlRows: 'Too many DML rows',
  callouts: 'Too many callouts',
  queueableJobs: 'Too many queueable jobs added to the queue',
  publishImmediateDml: 'Too many Immediate DML',
  futureCalls: 'Too many future calls',
};
