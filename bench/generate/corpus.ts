/**
 * The synthetic world the data sets are drawn from: an owner, a few hundred contacts with Chinese or
 * English names and CN/US/UK numbers, and message bodies (~30% Chinese) built from phrase and word lists,
 * so that the benchmark's search queries have realistic hit counts.
 */
import { Rng } from './prng';

export const OWNER = { name: 'Lin Chen', number: '+8613900001111' };
/** What the importers are told (ImportOptions minus fileName). */
export const IMPORT_OPTIONS = { region: 'CN', timeZone: 'Asia/Shanghai', me: ['Lin Chen', 'Me', 'You', '林晨', OWNER.number] };

const SURNAMES = ['王', '李', '张', '刘', '陈', '杨', '黄', '赵', '吴', '周', '徐', '孙', '马', '朱', '胡', '郭', '何', '林', '高', '罗'];
const GIVEN = ['伟', '芳', '娜', '敏', '静', '丽', '强', '磊', '军', '洋', '勇', '艳', '杰', '娟', '涛', '明', '超', '秀英', '霞', '平', '刚', '桂英', '晓东', '志强', '海燕'];
const FIRST = ['James', 'Mary', 'Robert', 'Patricia', 'John', 'Jennifer', 'Michael', 'Linda', 'David', 'Elizabeth', 'William', 'Barbara', 'Richard', 'Susan', 'Joseph', 'Jessica', 'Thomas', 'Sarah', 'Chris', 'Karen', 'Daniel', 'Nancy', 'Matthew', 'Lisa', 'Anthony', 'Betty', 'Mark', 'Sandra', 'Emily', 'Olivia'];
const LAST = ['Smith', 'Johnson', 'Williams', 'Brown', 'Jones', 'Garcia', 'Miller', 'Davis', 'Wilson', 'Anderson', 'Taylor', 'Thomas', 'Moore', 'Martin', 'Lee', 'Walker', 'Hall', 'Young', 'King', 'Wright'];

export interface Person {
  name: string;
  /** E.164. */
  number: string;
  /** As a phone might store it (national for CN numbers some of the time). */
  stored: string;
  telegramId: number;
}

export function makePeople(seed: number, count = 300): Person[] {
  const rng = new Rng(seed ^ 0x5eed);
  const people: Person[] = [];
  const used = new Set<string>();
  while (people.length < count) {
    const chinese = rng.chance(0.55);
    const name = chinese ? rng.pick(SURNAMES) + rng.pick(GIVEN) : `${rng.pick(FIRST)} ${rng.pick(LAST)}`;
    if (used.has(name)) continue;
    used.add(name);
    const region = chinese ? 'CN' : rng.pick(['US', 'US', 'GB', 'CN']);
    let number: string;
    let stored: string;
    if (region === 'CN') {
      const national = rng.pick(['138', '139', '186', '135', '150', '177']) + rng.digits(8);
      number = '+86' + national;
      stored = rng.chance(0.4) ? national : number;
    } else if (region === 'US') {
      const national = rng.pick(['415', '212', '646', '310', '206']) + rng.int(200, 999) + rng.digits(4);
      number = '+1' + national;
      stored = rng.chance(0.3) ? `(${national.slice(0, 3)}) ${national.slice(3, 6)}-${national.slice(6)}` : number;
    } else {
      number = '+447' + rng.int(400, 999) + rng.digits(6);
      stored = number;
    }
    people.push({ name, number, stored, telegramId: 100000000 + rng.int(0, 899999999) });
  }
  return people;
}

const ZH_PHRASES = [
  '今天晚上一起吃火锅吧', '我到了', '你在哪里', '明天上午开会', '周末有空吗', '好的，没问题', '路上堵车，晚点到', '收到，谢谢',
  '刚下班', '晚饭吃什么', '记得带伞', '这个周末去爬山', '下午三点开会', '火锅店门口见', '生日快乐！', '辛苦了',
  '我们几点出发', '机场接你', '快递到了吗', '明天见', '妈妈让你回个电话', '项目进度怎么样', '报告已经发给你了', '帮我看看这个文件',
  '周末一起看电影', '不好意思，刚才在开会', '到家了吗', '注意安全', '晚安', '早上好', '中午一起吃饭', '我请客',
  '发票已经开好了', '下周一出差', '火车票买好了', '会议改到四点', '孩子今天发烧了', '周末回老家', '新年快乐', '吃火锅还是烧烤',
  '这家餐厅不错', '你看新闻了吗', '天气太热了', '我在地铁上', '稍等一下', '已经转账了', '谢谢你的礼物', '我们在老地方见'
];
const EN_WORDS = (
  'the a to you i and it is for on that we in be at meeting tomorrow dinner tonight lunch call me later ok thanks great see ' +
  'running late traffic airport flight landed home office work project report deadline send file please check email ' +
  'weekend plans movie coffee morning afternoon evening sure sounds good love miss happy birthday congrats party pick up ' +
  'kids school doctor appointment grocery store milk bread dinner reservation restaurant table booked confirm address ' +
  'where are now just arrived leaving soon parking car train station hotel room meeting moved to friday monday next week ' +
  'sorry busy can talk free call back when get chance awesome nice photo trip beach weather rain umbrella tickets concert'
).split(' ');
const EMOJI = ['😀', '😂', '👍', '❤️', '🙏', '🎉', '😅', '🔥', '😊', '🤔'];

/** A message body: ~30% Chinese, the rest English; a few carry emoji, quotes, commas or a second line. */
export function body(rng: Rng): string {
  let text: string;
  if (rng.chance(0.3)) {
    const n = rng.int(1, 3);
    const parts: string[] = [];
    for (let i = 0; i < n; i++) parts.push(rng.pick(ZH_PHRASES));
    text = parts.join('，');
    if (rng.chance(0.2)) text += '。';
  } else {
    const n = rng.int(2, 18);
    const words: string[] = [];
    for (let i = 0; i < n; i++) words.push(rng.pick(EN_WORDS));
    words[0] = words[0][0].toUpperCase() + words[0].slice(1);
    text = words.join(' ') + rng.pick(['', '.', '!', '?', ', ok?']);
  }
  if (rng.chance(0.08)) text += ' ' + rng.pick(EMOJI);
  if (rng.chance(0.02)) text = `"${text}" & more`;
  return text;
}

/** Search queries the benchmark runs: Chinese bigrams/words and English words of varied frequency. */
export const QUERIES = {
  zh: ['火锅', '开会', '周末', '机场接你', '生日快乐', '发票', '出差', '老地方', '孩子', '电影', '下班', '快递', '火车票', '新年', '餐厅', '地铁', '转账', '礼物', '爬山', '烧烤'],
  en: ['dinner', 'airport', 'meeting tomorrow', 'birthday', 'reservation', 'umbrella', 'concert tickets', 'traffic', 'project report', 'hotel', 'coffee', 'doctor appointment', 'train station', 'parking', 'grocery', 'beach', 'deadline', 'weather', 'photo', 'kids school']
};

/** Event times: from 2018-01-01 (UTC) onwards with exponential gaps whose mean spreads `count` events over ~6 years. */
export class Clock {
  private t = Date.UTC(2018, 0, 1, 0, 0, 0);
  private readonly mean: number;
  constructor(
    private readonly rng: Rng,
    count: number,
    /** Smallest step in ms (60_000 for formats with minute resolution). */
    private readonly step = 1000
  ) {
    this.mean = Math.max(step, (6 * 365 * 86400_000) / Math.max(1, count));
  }
  next(): number {
    this.t += Math.max(this.step, Math.round(this.rng.exp(this.mean) / this.step) * this.step);
    return this.t;
  }
}
