import { describe, expect, it } from 'vitest';
import { IssueList } from '../../../engine/core/issue.js';
import { buildFlatTree, type TreeNode } from '../../../engine/core/message-tree.js';
import { read } from '../../helpers/read.js';
import { interchange } from '../../helpers/x12.js';

function shape(nodes: TreeNode[]): unknown[] {
  return nodes.map((n) => (n.kind === 'segment' ? n.segment.tag : { [`HL${n.hl!.id}`]: shape(n.children) }));
}

describe('message tree without a grammar', () => {
  it('nests X12 HL loops by HL02: shipment > order > pack > item', () => {
    const body = [
      'BSN*00*1*20240101*1200',
      'HL*1**S',
      'TD1*CTN*1',
      'HL*2*1*O',
      'PRF*PO1',
      'HL*3*2*P',
      'MAN*GM*1',
      'HL*4*3*I',
      'LIN**UP*1',
      'HL*5*2*P',
      'HL*6*1*O',
      'CTT*6',
    ];
    const r = read(interchange([body]));
    const issues = new IssueList();
    const tree = buildFlatTree(r.messages[0]!, issues);
    expect(issues.items).toEqual([]);
    expect(shape(tree)).toEqual([
      'ST',
      'BSN',
      {
        HL1: [
          'HL',
          'TD1',
          { HL2: ['HL', 'PRF', { HL3: ['HL', 'MAN', { HL4: ['HL', 'LIN'] }] }, { HL5: ['HL'] }] },
          { HL6: ['HL', 'CTT'] },
        ],
      },
      'SE',
    ]);
  });

  it('reports HL01 out of sequence and unknown parents', () => {
    const r = read(interchange([['HL*1**S', 'HL*3*1*O', 'HL*4*9*I']]));
    const issues = new IssueList();
    buildFlatTree(r.messages[0]!, issues);
    expect(issues.items.map((i) => [i.code, i.location.segmentNumber, i.location.element])).toEqual([
      ['HL_SEQUENCE', 3, 1],
      ['HL_PARENT_UNKNOWN', 4, 2],
    ]);
  });
});
