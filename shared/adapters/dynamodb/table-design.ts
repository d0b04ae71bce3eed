/**
 * The single table's key schema, declared once as data: the CDK stack and the local runtime
 * both build the table from it, and keys.ts is the only module that fills these attributes.
 */
export interface IndexDesign {
  /** Index name in DynamoDB. */
  readonly name: string;
  /** What the index serves, in the domain's words. */
  readonly purpose: string;
  readonly partitionKey: string;
  readonly sortKey: string;
}

export const TABLE_DESIGN = {
  partitionKey: 'pk',
  sortKey: 'sk',
  timeToLiveAttribute: 'expiresAt',
  stream: 'NEW_AND_OLD_IMAGES',
  indexes: {
    unitInbox: {
      name: 'gsi1',
      purpose: "a unit's referrals by status, then by due time",
      partitionKey: 'gsi1pk',
      sortKey: 'gsi1sk',
    },
    memberItems: {
      name: 'gsi2',
      purpose: "a council member's own needs and referrals, newest last",
      partitionKey: 'gsi2pk',
      sortKey: 'gsi2sk',
    },
    slaDue: {
      name: 'gsi3',
      purpose: 'open referrals by the time of their next SLA event (sparse)',
      partitionKey: 'gsi3pk',
      sortKey: 'gsi3sk',
    },
    timeline: {
      name: 'gsi4',
      purpose: 'every item of one kind (referrals, alerts) by time',
      partitionKey: 'gsi4pk',
      sortKey: 'gsi4sk',
    },
    statusTimeline: {
      name: 'gsi5',
      purpose: 'every referral in one status, by time',
      partitionKey: 'gsi5pk',
      sortKey: 'gsi5sk',
    },
  },
} as const satisfies {
  partitionKey: string;
  sortKey: string;
  timeToLiveAttribute: string;
  stream: 'NEW_AND_OLD_IMAGES';
  indexes: Record<string, IndexDesign>;
};

export type IndexPurpose = keyof typeof TABLE_DESIGN.indexes;

export const ALL_INDEXES: readonly IndexDesign[] = Object.values(TABLE_DESIGN.indexes);
