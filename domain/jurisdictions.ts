// Guangzhou's jurisdiction tree (city → 11 districts → streets/towns → residents'/village committees),
// the seed reference data behind scoping, GET /api/v1/jurisdictions and the 2000:1:1 staffing statistics.
//
// Pure data and lookups: no imports, no I/O, no clock or randomness, so it is safe inside a Temporal
// workflow sandbox. The tree and its lookup maps are built (and deep-frozen) once at module load.
//
// Codes:
//   - city and districts: real national administrative-division codes (440100, 440103 … 440118);
//   - streets/towns (街道/镇): 9 digits = district code + 3-digit sequence (440104001 …). The sequence
//     is this project's own and need not match the official 12-digit statistical codes, but it is
//     STABLE: the code is written out in the data below; never renumber, only append;
//   - committees (居委会/村委会): 12 digits = street code + 3 digits, residents' committees numbered
//     001, 002 … and village committees 201, 202 … (following the national convention that 1xx are
//     urban and 2xx are rural), in the order listed below. Append new committees at the end of their
//     kind; never reorder.
// Street and town names are real; committee names are representative (many real, some plausible).
// `populationInDifficulty` (low-income, dibao, tekun … people living in the street) is illustrative
// seed data for the 2000:1:1 staffing ratio, not official statistics.

export type JurisdictionLevel = 'city' | 'district' | 'street' | 'committee';

export interface JurisdictionNode {
  code: string;
  level: JurisdictionLevel;
  nameZh: string;
  nameEn: string;
  parentCode: string | null;
  /** Streets only: people in difficulty living there (for the 2000:1:1 staffing standard). */
  populationInDifficulty?: number;
  /** Sub-jurisdictions in code order; empty for committees. */
  children: JurisdictionNode[];
}

export const CITY_CODE = '440100';

// ---------------------------------------------------------------------------------------------
// Raw data
// ---------------------------------------------------------------------------------------------

/** [Chinese base name, pinyin base name, 'c' = residents' committee (社区) | 'v' = village committee (村)] */
type RawCommittee = readonly [nameZh: string, nameEn: string, kind: 'c' | 'v'];
/** [9-digit code, Chinese name, English name, populationInDifficulty, committees] */
type RawStreet = readonly [code: string, nameZh: string, nameEn: string, population: number, committees: readonly RawCommittee[]];
/** [6-digit code, Chinese name, English name, streets] */
type RawDistrict = readonly [code: string, nameZh: string, nameEn: string, streets: readonly RawStreet[]];

const RAW_DISTRICTS: readonly RawDistrict[] = [
  [
    '440103',
    '荔湾区',
    'Liwan',
    [
      [
        '440103001',
        '逢源街道',
        'Fengyuan Jie',
        2150,
        [
          ['逢源北', 'Fengyuanbei', 'c'],
          ['耀华', 'Yaohua', 'c'],
          ['宝源', 'Baoyuan', 'c'],
        ],
      ],
      [
        '440103002',
        '多宝街道',
        'Duobao Jie',
        1680,
        [
          ['多宝', 'Duobao', 'c'],
          ['宝华', 'Baohua', 'c'],
          ['恩宁', 'Enning', 'c'],
        ],
      ],
      [
        '440103003',
        '西村街道',
        'Xicun Jie',
        1920,
        [
          ['西村', 'Xicun', 'c'],
          ['西湾', 'Xiwan', 'c'],
          ['增埗', 'Zengbu', 'c'],
        ],
      ],
      [
        '440103004',
        '花地街道',
        'Huadi Jie',
        2480,
        [
          ['花地', 'Huadi', 'c'],
          ['芳村', 'Fangcun', 'c'],
          ['花蕾', 'Hualei', 'c'],
        ],
      ],
    ],
  ],
  [
    '440104',
    '越秀区',
    'Yuexiu',
    [
      [
        '440104001',
        '北京街道',
        'Beijing Jie',
        1450,
        [
          ['盐运西', 'Yanyunxi', 'c'],
          ['府学西', 'Fuxuexi', 'c'],
          ['西湖', 'Xihu', 'c'],
          ['都府', 'Dufu', 'c'],
        ],
      ],
      [
        '440104002',
        '人民街道',
        'Renmin Jie',
        1380,
        [
          ['人民中', 'Renminzhong', 'c'],
          ['长庚', 'Changgeng', 'c'],
          ['诗书', 'Shishu', 'c'],
        ],
      ],
      [
        '440104003',
        '农林街道',
        'Nonglin Jie',
        1190,
        [
          ['农林下', 'Nonglinxia', 'c'],
          ['执信', 'Zhixin', 'c'],
          ['竹丝岗', 'Zhusigang', 'c'],
        ],
      ],
      [
        '440104004',
        '东山街道',
        'Dongshan Jie',
        1620,
        [
          ['新河浦', 'Xinhepu', 'c'],
          ['署前', 'Shuqian', 'c'],
          ['龟岗', 'Guigang', 'c'],
        ],
      ],
      [
        '440104005',
        '六榕街道',
        'Liurong Jie',
        1310,
        [
          ['六榕', 'Liurong', 'c'],
          ['光孝', 'Guangxiao', 'c'],
          ['净慧', 'Jinghui', 'c'],
        ],
      ],
    ],
  ],
  [
    '440105',
    '海珠区',
    'Haizhu',
    [
      [
        '440105001',
        '赤岗街道',
        'Chigang Jie',
        2650,
        [
          ['赤岗', 'Chigang', 'c'],
          ['客村', 'Kecun', 'c'],
          ['下渡', 'Xiadu', 'c'],
        ],
      ],
      [
        '440105002',
        '新港街道',
        'Xingang Jie',
        2310,
        [
          ['中大', 'Zhongda', 'c'],
          ['康乐', 'Kangle', 'c'],
          ['鹭江', 'Lujiang', 'c'],
        ],
      ],
      [
        '440105003',
        '滨江街道',
        'Binjiang Jie',
        1870,
        [
          ['滨江东', 'Binjiangdong', 'c'],
          ['滨江中', 'Binjiangzhong', 'c'],
          ['同福', 'Tongfu', 'c'],
        ],
      ],
      [
        '440105004',
        '琶洲街道',
        'Pazhou Jie',
        1540,
        [
          ['琶洲', 'Pazhou', 'c'],
          ['会展', 'Huizhan', 'c'],
          ['黄埔', 'Huangpu', 'v'],
        ],
      ],
    ],
  ],
  [
    '440106',
    '天河区',
    'Tianhe',
    [
      [
        '440106001',
        '石牌街道',
        'Shipai Jie',
        2870,
        [
          ['华师', 'Huashi', 'c'],
          ['暨大', 'Jida', 'c'],
          ['逸雅居', 'Yiyaju', 'c'],
          ['石牌', 'Shipai', 'v'],
        ],
      ],
      [
        '440106002',
        '五山街道',
        'Wushan Jie',
        1530,
        [
          ['华工', 'Huagong', 'c'],
          ['华农', 'Huanong', 'c'],
          ['五山', 'Wushan', 'c'],
        ],
      ],
      [
        '440106003',
        '天河南街道',
        'Tianhenan Jie',
        1240,
        [
          ['体育东', 'Tiyudong', 'c'],
          ['六运', 'Liuyun', 'c'],
          ['天河东', 'Tianhedong', 'c'],
        ],
      ],
      [
        '440106004',
        '林和街道',
        'Linhe Jie',
        1110,
        [
          ['林和西', 'Linhexi', 'c'],
          ['林和中', 'Linhezhong', 'c'],
          ['天河北', 'Tianhebei', 'c'],
        ],
      ],
      [
        '440106005',
        '猎德街道',
        'Liede Jie',
        1360,
        [
          ['猎德', 'Liede', 'c'],
          ['华穗', 'Huasui', 'c'],
          ['临江', 'Linjiang', 'c'],
        ],
      ],
      [
        '440106006',
        '车陂街道',
        'Chebei Jie',
        3120,
        [
          ['车陂', 'Chebei', 'c'],
          ['东圃', 'Dongpu', 'c'],
          ['旭景', 'Xujing', 'c'],
        ],
      ],
    ],
  ],
  [
    '440111',
    '白云区',
    'Baiyun',
    [
      [
        '440111001',
        '三元里街道',
        'Sanyuanli Jie',
        2760,
        [
          ['三元里', 'Sanyuanli', 'c'],
          ['松柏', 'Songbai', 'c'],
          ['瑶台', 'Yaotai', 'c'],
        ],
      ],
      [
        '440111002',
        '景泰街道',
        'Jingtai Jie',
        2240,
        [
          ['景泰', 'Jingtai', 'c'],
          ['云苑', 'Yunyuan', 'c'],
          ['广园', 'Guangyuan', 'c'],
        ],
      ],
      [
        '440111003',
        '同和街道',
        'Tonghe Jie',
        2910,
        [
          ['同和', 'Tonghe', 'c'],
          ['蟾蜍石', 'Chanchushi', 'c'],
          ['握山', 'Woshan', 'v'],
        ],
      ],
      [
        '440111004',
        '京溪街道',
        'Jingxi Jie',
        2380,
        [
          ['京溪', 'Jingxi', 'c'],
          ['南医', 'Nanyi', 'c'],
          ['犀牛角', 'Xiniujiao', 'v'],
        ],
      ],
      [
        '440111005',
        '人和镇',
        'Renhe Zhen',
        4620,
        [
          ['人和', 'Renhe', 'c'],
          ['方石', 'Fangshi', 'v'],
          ['鹤亭', 'Heting', 'v'],
          ['蚌湖', 'Banghu', 'v'],
        ],
      ],
      [
        '440111006',
        '太和镇',
        'Taihe Zhen',
        5380,
        [
          ['太和', 'Taihe', 'c'],
          ['头陂', 'Toubei', 'v'],
          ['白山', 'Baishan', 'v'],
          ['穗丰', 'Suifeng', 'v'],
        ],
      ],
    ],
  ],
  [
    '440112',
    '黄埔区',
    'Huangpu',
    [
      [
        '440112001',
        '黄埔街道',
        'Huangpu Jie',
        1780,
        [
          ['黄埔东', 'Huangpudong', 'c'],
          ['港湾', 'Gangwan', 'c'],
          ['横沙', 'Hengsha', 'v'],
        ],
      ],
      [
        '440112002',
        '鱼珠街道',
        'Yuzhu Jie',
        1420,
        [
          ['鱼珠', 'Yuzhu', 'c'],
          ['茅岗', 'Maogang', 'c'],
          ['怡港', 'Yigang', 'c'],
        ],
      ],
      [
        '440112003',
        '大沙街道',
        'Dasha Jie',
        2060,
        [
          ['大沙地', 'Dashadi', 'c'],
          ['丰乐', 'Fengle', 'c'],
          ['姬堂', 'Jitang', 'v'],
        ],
      ],
      [
        '440112004',
        '长洲街道',
        'Changzhou Jie',
        890,
        [
          ['长洲', 'Changzhou', 'c'],
          ['深井', 'Shenjing', 'v'],
          ['下庄', 'Xiazhuang', 'v'],
        ],
      ],
      [
        '440112005',
        '萝岗街道',
        'Luogang Jie',
        1650,
        [
          ['萝岗', 'Luogang', 'c'],
          ['香雪', 'Xiangxue', 'c'],
          ['刘村', 'Liucun', 'v'],
        ],
      ],
    ],
  ],
  [
    '440113',
    '番禺区',
    'Panyu',
    [
      [
        '440113001',
        '市桥街道',
        'Shiqiao Jie',
        3450,
        [
          ['大北', 'Dabei', 'c'],
          ['西丽', 'Xili', 'c'],
          ['先锋', 'Xianfeng', 'c'],
          ['清河', 'Qinghe', 'c'],
        ],
      ],
      [
        '440113002',
        '大石街道',
        'Dashi Jie',
        4280,
        [
          ['大石', 'Dashi', 'c'],
          ['会江', 'Huijiang', 'v'],
          ['礼村', 'Licun', 'v'],
        ],
      ],
      [
        '440113003',
        '洛浦街道',
        'Luopu Jie',
        3160,
        [
          ['洛溪新城', 'Luoxixincheng', 'c'],
          ['丽江', 'Lijiang', 'c'],
          ['沙溪', 'Shaxi', 'v'],
          ['上漖', 'Shangjiao', 'v'],
        ],
      ],
      [
        '440113004',
        '小谷围街道',
        'Xiaoguwei Jie',
        620,
        [
          ['北亭', 'Beiting', 'v'],
          ['南亭', 'Nanting', 'v'],
          ['穗石', 'Suishi', 'v'],
          ['贝岗', 'Beigang', 'v'],
        ],
      ],
      [
        '440113005',
        '南村镇',
        'Nancun Zhen',
        2890,
        [
          ['南村', 'Nancun', 'v'],
          ['里仁洞', 'Lirendong', 'v'],
          ['坑头', 'Kengtou', 'v'],
        ],
      ],
    ],
  ],
  [
    '440114',
    '花都区',
    'Huadu',
    [
      [
        '440114001',
        '新华街道',
        'Xinhua Jie',
        3680,
        [
          ['新华', 'Xinhua', 'c'],
          ['公益', 'Gongyi', 'c'],
          ['三东', 'Sandong', 'v'],
        ],
      ],
      [
        '440114002',
        '新雅街道',
        'Xinya Jie',
        1540,
        [
          ['新雅', 'Xinya', 'c'],
          ['雅瑶', 'Yayao', 'v'],
          ['广塘', 'Guangtang', 'v'],
        ],
      ],
      [
        '440114003',
        '秀全街道',
        'Xiuquan Jie',
        2270,
        [
          ['秀全', 'Xiuquan', 'c'],
          ['大布', 'Dabu', 'v'],
          ['九潭', 'Jiutan', 'v'],
        ],
      ],
      [
        '440114004',
        '花城街道',
        'Huacheng Jie',
        1830,
        [
          ['花城', 'Huacheng', 'c'],
          ['五华', 'Wuhua', 'c'],
          ['石岗', 'Shigang', 'v'],
        ],
      ],
      [
        '440114005',
        '狮岭镇',
        'Shiling Zhen',
        3940,
        [
          ['狮岭', 'Shiling', 'c'],
          ['益群', 'Yiqun', 'v'],
          ['合成', 'Hecheng', 'v'],
        ],
      ],
    ],
  ],
  [
    '440115',
    '南沙区',
    'Nansha',
    [
      [
        '440115001',
        '南沙街道',
        'Nansha Jie',
        1320,
        [
          ['南沙', 'Nansha', 'c'],
          ['金沙', 'Jinsha', 'c'],
          ['塘坑', 'Tangkeng', 'v'],
        ],
      ],
      [
        '440115002',
        '珠江街道',
        'Zhujiang Jie',
        1060,
        [
          ['珠江', 'Zhujiang', 'c'],
          ['珠江中', 'Zhujiangzhong', 'c'],
          ['新建', 'Xinjian', 'v'],
        ],
      ],
      [
        '440115003',
        '黄阁镇',
        'Huangge Zhen',
        1480,
        [
          ['黄阁', 'Huangge', 'c'],
          ['大塘', 'Datang', 'v'],
          ['莲溪', 'Lianxi', 'v'],
          ['乌洲', 'Wuzhou', 'v'],
        ],
      ],
      [
        '440115004',
        '东涌镇',
        'Dongchong Zhen',
        2350,
        [
          ['东涌', 'Dongchong', 'c'],
          ['太石', 'Taishi', 'v'],
          ['细沥', 'Xili', 'v'],
        ],
      ],
      [
        '440115005',
        '大岗镇',
        'Dagang Zhen',
        2120,
        [
          ['大岗', 'Dagang', 'c'],
          ['新联', 'Xinlian', 'v'],
          ['豪岗', 'Haogang', 'v'],
        ],
      ],
    ],
  ],
  [
    '440117',
    '从化区',
    'Conghua',
    [
      [
        '440117001',
        '街口街道',
        'Jiekou Jie',
        2480,
        [
          ['街口', 'Jiekou', 'c'],
          ['新村', 'Xincun', 'c'],
          ['城康', 'Chengkang', 'c'],
        ],
      ],
      [
        '440117002',
        '江埔街道',
        'Jiangpu Jie',
        1760,
        [
          ['江埔', 'Jiangpu', 'c'],
          ['凤院', 'Fengyuan', 'v'],
          ['禾仓', 'Hecang', 'v'],
        ],
      ],
      [
        '440117003',
        '城郊街道',
        'Chengjiao Jie',
        1390,
        [
          ['城郊', 'Chengjiao', 'c'],
          ['西和', 'Xihe', 'v'],
          ['麻村', 'Macun', 'v'],
        ],
      ],
      [
        '440117004',
        '温泉镇',
        'Wenquan Zhen',
        1640,
        [
          ['温泉', 'Wenquan', 'c'],
          ['南平', 'Nanping', 'v'],
          ['石坑', 'Shikeng', 'v'],
        ],
      ],
      [
        '440117005',
        '吕田镇',
        'Lütian Zhen',
        1120,
        [
          ['吕田', 'Lütian', 'c'],
          ['莲麻', 'Lianma', 'v'],
          ['吕新', 'Lüxin', 'v'],
          ['东明', 'Dongming', 'v'],
        ],
      ],
    ],
  ],
  [
    '440118',
    '增城区',
    'Zengcheng',
    [
      [
        '440118001',
        '荔城街道',
        'Licheng Jie',
        3280,
        [
          ['荔城', 'Licheng', 'c'],
          ['光明', 'Guangming', 'c'],
          ['棠厦', 'Tangxia', 'v'],
        ],
      ],
      [
        '440118002',
        '增江街道',
        'Zengjiang Jie',
        1860,
        [
          ['增江', 'Zengjiang', 'c'],
          ['大埔围', 'Dapuwei', 'v'],
          ['塘口', 'Tangkou', 'v'],
        ],
      ],
      [
        '440118003',
        '永宁街道',
        'Yongning Jie',
        2740,
        [
          ['永宁', 'Yongning', 'c'],
          ['凤凰城', 'Fenghuangcheng', 'c'],
          ['简村', 'Jiancun', 'v'],
        ],
      ],
      [
        '440118004',
        '新塘镇',
        'Xintang Zhen',
        5920,
        [
          ['新塘', 'Xintang', 'c'],
          ['沙埔', 'Shapu', 'v'],
          ['大敦', 'Dadun', 'v'],
          ['瑶田', 'Yaotian', 'v'],
        ],
      ],
      [
        '440118005',
        '派潭镇',
        'Paitan Zhen',
        1980,
        [
          ['派潭', 'Paitan', 'c'],
          ['高滩', 'Gaotan', 'v'],
          ['邓村', 'Dengcun', 'v'],
        ],
      ],
    ],
  ],
];

// ---------------------------------------------------------------------------------------------
// Tree and lookup maps (built once, pure)
// ---------------------------------------------------------------------------------------------

const pad3 = (n: number): string => String(n).padStart(3, '0');

function buildCommittees(streetCode: string, raw: readonly RawCommittee[]): JurisdictionNode[] {
  let community = 0;
  let village = 200;
  return raw.map(([zh, en, kind]) => {
    const seq = kind === 'c' ? ++community : ++village;
    return {
      code: streetCode + pad3(seq),
      level: 'committee' as const,
      nameZh: kind === 'c' ? `${zh}社区居委会` : `${zh}村委会`,
      nameEn: kind === 'c' ? `${en} Community` : `${en} Village`,
      parentCode: streetCode,
      children: [],
    };
  });
}

function buildTree(): JurisdictionNode {
  const districts: JurisdictionNode[] = RAW_DISTRICTS.map(([dCode, dZh, dEn, streets]) => ({
    code: dCode,
    level: 'district' as const,
    nameZh: dZh,
    nameEn: dEn,
    parentCode: CITY_CODE,
    children: streets.map(([sCode, sZh, sEn, population, committees]) => ({
      code: sCode,
      level: 'street' as const,
      nameZh: sZh,
      nameEn: sEn,
      parentCode: dCode,
      populationInDifficulty: population,
      children: buildCommittees(sCode, committees),
    })),
  }));
  return { code: CITY_CODE, level: 'city', nameZh: '广州市', nameEn: 'Guangzhou', parentCode: null, children: districts };
}

const CODE_PATTERN: Record<JurisdictionLevel, RegExp> = {
  city: /^\d{6}$/,
  district: /^\d{6}$/,
  street: /^\d{9}$/,
  committee: /^\d{12}$/,
};

function flatten(root: JurisdictionNode): JurisdictionNode[] {
  const out: JurisdictionNode[] = [];
  const visit = (node: JurisdictionNode): void => {
    out.push(node);
    node.children.forEach(visit);
  };
  visit(root);
  return out;
}

/** Fails module load on malformed seed data (duplicate code, wrong length or prefix). */
function validate(all: readonly JurisdictionNode[]): void {
  const seen = new Set<string>();
  for (const node of all) {
    if (seen.has(node.code)) throw new Error(`jurisdictions: duplicate code ${node.code}`);
    seen.add(node.code);
    if (!CODE_PATTERN[node.level].test(node.code)) throw new Error(`jurisdictions: bad ${node.level} code ${node.code}`);
    if (node.level !== 'city' && node.level !== 'district' && !node.code.startsWith(node.parentCode ?? '\0')) {
      throw new Error(`jurisdictions: ${node.code} does not start with its parent code ${node.parentCode}`);
    }
  }
}

function deepFreeze(node: JurisdictionNode): JurisdictionNode {
  node.children.forEach(deepFreeze);
  Object.freeze(node.children);
  return Object.freeze(node);
}

/** The whole tree, deep-frozen (read-only at run time). */
export const GUANGZHOU: JurisdictionNode = deepFreeze(buildTree());

const ALL: readonly JurisdictionNode[] = Object.freeze(flatten(GUANGZHOU));
validate(ALL);

const BY_CODE: ReadonlyMap<string, JurisdictionNode> = new Map(ALL.map((n) => [n.code, n]));
const DISTRICT_CODES: readonly string[] = Object.freeze(GUANGZHOU.children.map((d) => d.code));

// ---------------------------------------------------------------------------------------------
// Lookups
// ---------------------------------------------------------------------------------------------

/**
 * Every jurisdiction, flattened depth-first: parents before children (city, then each district
 * followed by its streets, each street followed by its committees). The nodes are the frozen tree
 * nodes themselves, so `children` is kept; ignore it when you need flat rows.
 */
export function allJurisdictions(): JurisdictionNode[] {
  return [...ALL];
}

/** The node with this exact code (any level), or undefined. */
export function findJurisdiction(code: string): JurisdictionNode | undefined {
  return BY_CODE.get(code);
}

/** True when `code` is a known street/town. */
export function isStreetCode(code: string): boolean {
  return BY_CODE.get(code)?.level === 'street';
}

/** True when `code` is a known district. */
export function isDistrictCode(code: string): boolean {
  return BY_CODE.get(code)?.level === 'district';
}

/** The 11 district codes in code order. */
export function districtCodes(): string[] {
  return [...DISTRICT_CODES];
}

/** The streets/towns of a district in code order; empty for an unknown or non-district code. */
export function streetsOfDistrict(districtCode: string): JurisdictionNode[] {
  const node = BY_CODE.get(districtCode);
  return node?.level === 'district' ? [...node.children] : [];
}

/** The residents'/village committees of a street in code order; empty for an unknown or non-street code. */
export function committeesOfStreet(streetCode: string): JurisdictionNode[] {
  const node = BY_CODE.get(streetCode);
  return node?.level === 'street' ? [...node.children] : [];
}

/** The district code (first 6 digits) of a known street; undefined when the street is unknown. */
export function districtOfStreet(streetCode: string): string | undefined {
  return isStreetCode(streetCode) ? streetCode.slice(0, 6) : undefined;
}
