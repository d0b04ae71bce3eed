/**
 * Seeds a local table: the council's catalog and routing rules (as the AWS custom resource
 * does), then a few demo needs reported through the real use case, so the inboxes are not
 * empty on first start. Every step is idempotent: restarting never duplicates anything.
 */
import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { type DynamoDBDocumentClient, PutCommand } from '@aws-sdk/lib-dynamodb';
import type { LoadedCouncilSettings } from '../infra/council.js';
import { councilSeedItems } from '../shared/adapters/dynamodb/seed.js';
import type { Dependencies } from '../shared/application/ports.js';
import { reportNeed } from '../shared/application/report-need.js';
import type { ReportNeedRequest } from '../shared/schemas/need.js';
import { DEMO_USERS, demoUserId } from './issuer.js';

export async function seedCouncil(
  client: DynamoDBDocumentClient,
  tableName: string,
  settings: LoadedCouncilSettings,
) {
  for (const item of councilSeedItems(settings)) {
    try {
      await client.send(
        new PutCommand({ TableName: tableName, Item: item, ConditionExpression: 'attribute_not_exists(pk)' }),
      );
    } catch (error) {
      if (!(error instanceof ConditionalCheckFailedException)) throw error;
    }
  }
}

const DEMO_NEEDS: readonly { username: string; key: string; report: ReportNeedRequest }[] = [
  {
    username: 'member.amina',
    key: 'demo-need-1',
    report: {
      categories: ['health', 'disability'],
      description: 'أم لثلاثة أطفال، ابنها الأصغر يحتاج إلى كرسي متحرك ومتابعة طبية منتظمة.',
      district: 'seyhan',
      neighbourhood: 'Döşeme',
      priority: 'priority',
      beneficiary: { ageGroup: '5-11', gender: 'male', householdSize: 4, disability: true, language: 'ar' },
      vulnerabilities: ['woman_headed_household'],
      consent: { shareWithUnits: true },
    },
  },
  {
    username: 'member.amina',
    key: 'demo-need-2',
    report: {
      categories: ['education', 'language-courses'],
      description:
        'Two teenage girls out of school for a year; the family asks for Turkish classes and school enrolment.',
      district: 'yuregir',
      priority: 'routine',
      beneficiary: {
        ageGroup: '12-17',
        gender: 'female',
        householdSize: 6,
        disability: false,
        language: 'ar',
      },
      consent: { shareWithUnits: true },
    },
  },
  {
    username: 'member.mehmet',
    key: 'demo-need-3',
    report: {
      categories: ['housing', 'other'],
      description:
        'Ev sahibi kira artışı sonrası aileyi tahliye etmekle tehdit ediyor; mahallede gerginlik var.',
      district: 'saricam',
      neighbourhood: 'Yeşiltepe',
      priority: 'urgent',
      beneficiary: {
        ageGroup: '30-59',
        gender: 'female',
        householdSize: 5,
        disability: false,
        language: 'ar',
      },
      cohesionRisks: ['eviction_threat', 'inter_community_tension'],
      consent: { shareWithUnits: false },
    },
  },
];

export async function seedDemoNeeds(deps: Dependencies): Promise<void> {
  for (const demo of DEMO_NEEDS) {
    const user = DEMO_USERS.find((candidate) => candidate.username === demo.username);
    if (user === undefined) throw new Error(`no demo user ${demo.username}`);
    await reportNeed(
      deps,
      { userId: demoUserId(user.username), username: user.username, role: user.role },
      demo.report,
      demo.key,
    );
  }
}
