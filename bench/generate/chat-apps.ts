/**
 * The chat apps whose exports name people by display name or app id: a QQ message-manager .txt, a LINE chat
 * history .txt, a KakaoTalk Android .txt, a WeChat CSV (WeChatMsg/MemoTrace columns), a ChatLab JSON, a
 * sigtop text export of Signal Desktop and a Mac Messages chat.db — each one conversation between the owner
 * and one friend (a group for QQ), in the shapes the corpus samples show. Local times are Asia/Shanghai, what
 * the importers are told.
 */
import { writeFileSync, mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import initSqlJs from 'sql.js';
import { Clock, OWNER, body, makePeople } from './corpus';
import { Rng } from './prng';
import { Sink } from './sink';
import { CHAT_DB_TABLES } from '../../tests/fixtures/chat-db';

export interface ChatAppOptions {
  count: number;
  seed: number;
}

type Written = { bytes: number; events: number };

const p2 = (n: number) => String(n).padStart(2, '0');
const SHANGHAI = 8 * 3600_000;

function wall(ms: number) {
  const d = new Date(ms + SHANGHAI);
  return { y: d.getUTCFullYear(), mo: d.getUTCMonth() + 1, d: d.getUTCDate(), h: d.getUTCHours(), mi: d.getUTCMinutes(), s: d.getUTCSeconds(), wd: d.getUTCDay() };
}

/** A body on one line for formats whose records end at the line (LINE quotes, KakaoTalk continuation lines). */
const oneLine = (rng: Rng) => body(rng).replace(/\s*\n\s*/g, ' ');

function times(rng: Rng, count: number, step: number): number[] {
  const clock = new Clock(rng, count, step);
  return Array.from({ length: count }, () => clock.next());
}

export function writeQq(path: string, o: ChatAppOptions): Written {
  const rng = new Rng(o.seed + 41);
  const members = makePeople(o.seed).slice(0, 12).map((p, i) => `${p.name}(${100000 + i * 7919})`);
  const sink = new Sink(path);
  sink.write('消息记录（此消息记录为文本格式，不支持重新导入）\r\n\r\n================================================================\r\n消息分组:我的群聊\r\n================================================================\r\n消息对象:周末爬山群\r\n================================================================\r\n\r\n');
  for (const t of times(rng, o.count, 1000)) {
    const w = wall(t);
    const h12 = w.h % 12 === 0 ? 12 : w.h % 12;
    const who = rng.chance(0.4) ? `${OWNER.name}(88886666)` : rng.pick(members);
    const text = rng.chance(0.05) ? '[图片]' : body(rng);
    sink.write(`${w.y}-${p2(w.mo)}-${p2(w.d)} ${h12}:${p2(w.mi)}:${p2(w.s)} ${w.h < 12 ? 'AM' : 'PM'} ${who}\r\n${text.replace(/\n/g, '\r\n')}\r\n\r\n`);
  }
  return { bytes: sink.close(), events: o.count };
}

export function writeLine(path: string, o: ChatAppOptions): Written {
  const rng = new Rng(o.seed + 43);
  const friend = makePeople(o.seed)[2].name;
  const sink = new Sink(path);
  sink.write(`\ufeff[LINE] Chat history with ${friend}\r\nSaved on: 2026/11/30 10:30\r\n\r\n`);
  const days = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];
  let day = '';
  for (const t of times(rng, o.count, 60_000)) {
    const w = wall(t);
    const date = `${w.y}/${p2(w.mo)}/${p2(w.d)}(${days[w.wd]})`;
    if (date !== day) {
      sink.write(`${day ? '\r\n' : ''}${date}\r\n`);
      day = date;
    }
    const who = rng.chance(0.45) ? OWNER.name : friend;
    const r = rng.next();
    const text = r < 0.01 ? `☎ Call time ${rng.int(0, 59)}:${p2(rng.int(0, 59))}` : r < 0.04 ? '[Photo]' : r < 0.06 ? '[Sticker]' : r < 0.1 ? `"${oneLine(rng)}\r\n${oneLine(rng)}"` : oneLine(rng);
    sink.write(`${p2(w.h)}:${p2(w.mi)}\t${who}\t${text}\r\n`);
  }
  return { bytes: sink.close(), events: o.count };
}

export function writeKakao(path: string, o: ChatAppOptions): Written {
  const rng = new Rng(o.seed + 47);
  const friend = makePeople(o.seed)[3].name;
  const sink = new Sink(path);
  sink.write(`${friend} 님과 카카오톡 대화\n저장한 날짜 : 2026년 11월 30일 오후 4:40\n\n\n`);
  const stamp = (t: number) => {
    const w = wall(t);
    const h12 = w.h % 12 === 0 ? 12 : w.h % 12;
    return `${w.y}년 ${w.mo}월 ${w.d}일 ${w.h < 12 ? '오전' : '오후'} ${h12}:${p2(w.mi)}`;
  };
  for (const t of times(rng, o.count, 60_000)) {
    const who = rng.chance(0.45) ? OWNER.name : friend;
    const text = rng.chance(0.05) ? '사진' : body(rng);
    sink.write(`${stamp(t)}, ${who} : ${text}\n`);
  }
  return { bytes: sink.close(), events: o.count };
}

const csvCell = (s: string) => (/[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s);

export function writeWechat(path: string, o: ChatAppOptions): Written {
  const rng = new Rng(o.seed + 53);
  const friend = makePeople(o.seed)[4].name;
  const sink = new Sink(path);
  sink.write('\ufefflocalId,TalkerId,Type,SubType,IsSender,CreateTime,Status,StrContent,StrTime,Remark,NickName,Sender\n');
  let id = 1000;
  for (const t of times(rng, o.count, 1000)) {
    const mine = rng.chance(0.45);
    const w = wall(t);
    const r = rng.next();
    const [type, content] = r < 0.01 ? [50, '<voipmsg type="VoIPBubbleMsg"><VoIPBubbleMsg><msg><![CDATA[通话时长 01:05]]></msg><room_type>0</room_type></VoIPBubbleMsg></voipmsg>'] : r < 0.05 ? [3, '<img/>'] : [1, body(rng)];
    const strTime = `${w.y}-${p2(w.mo)}-${p2(w.d)} ${p2(w.h)}:${p2(w.mi)}:${p2(w.s)}`;
    const row = [id++, 5, type, 0, mine ? 1 : 0, Math.floor(t / 1000), 2, content, strTime, mine ? OWNER.name : friend, mine ? 'Lin' : 'Friend', mine ? 'wxid_owner' : 'wxid_friend01'];
    sink.write(row.map((c) => csvCell(String(c))).join(',') + '\n');
  }
  return { bytes: sink.close(), events: o.count };
}

export function writeChatlab(path: string, o: ChatAppOptions): Written {
  const rng = new Rng(o.seed + 59);
  const friend = makePeople(o.seed)[5].name;
  const sink = new Sink(path);
  const meta = { name: `与${friend}的对话`, platform: 'wechat', type: 'private', ownerId: 'wxid_owner' };
  const members = [
    { platformId: 'wxid_owner', accountName: OWNER.name },
    { platformId: 'wxid_friend02', accountName: friend }
  ];
  sink.write(`{\n  "chatlab": {"version": "0.0.2", "exportedAt": 1764460800},\n  "meta": ${JSON.stringify(meta)},\n  "members": ${JSON.stringify(members)},\n  "messages": [\n`);
  const all = times(rng, o.count, 1000);
  all.forEach((t, i) => {
    const mine = rng.chance(0.45);
    const m = { sender: mine ? 'wxid_owner' : 'wxid_friend02', accountName: mine ? OWNER.name : friend, timestamp: Math.floor(t / 1000), type: rng.chance(0.04) ? 1 : 0, content: body(rng) };
    sink.write(`    ${JSON.stringify(m)}${i < all.length - 1 ? ',' : ''}\n`);
  });
  sink.write('  ]\n}\n');
  return { bytes: sink.close(), events: o.count };
}

const DAY_NAMES = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];
const MONTH_NAMES = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/** sigtop's text layout: a Conversation line, then From/Type/Sent/Received headers, a blank line, the body. */
export function writeSignal(path: string, o: ChatAppOptions): Written {
  const rng = new Rng(o.seed + 61);
  const friend = makePeople(o.seed)[6];
  const who = `${friend.name} (${friend.number})`;
  const sink = new Sink(path);
  sink.write(`Conversation: ${who}\n\n`);
  const sent = (t: number) => {
    const w = wall(t);
    return `${DAY_NAMES[w.wd]}, ${w.d} ${MONTH_NAMES[w.mo - 1]} ${w.y} ${p2(w.h)}:${p2(w.mi)}:${p2(w.s)} +0800`;
  };
  for (const t of times(rng, o.count, 1000)) {
    const mine = rng.chance(0.45);
    const head = mine ? `Type: outgoing\nSent: ${sent(t)}\n` : `From: ${who}\nType: incoming\nSent: ${sent(t)}\nReceived: ${sent(t + 2000)}\n`;
    const attachment = rng.chance(0.04) ? `Attachment: IMG_${rng.int(1000, 9999)}.jpg (image/jpeg, ${rng.int(20_000, 900_000)} bytes)\n` : '';
    sink.write(`${head}${attachment}\n${body(rng)}\n\n`);
  }
  return { bytes: sink.close(), events: o.count };
}

/** Seconds after 2001-01-01T00:00:00Z, as Messages stores dates (in nanoseconds since macOS 10.13). */
const appleNanos = (ms: number) => BigInt(ms - Date.UTC(2001, 0, 1)) * 1_000_000n;

/** A chat.db with Messages' tables (the columns the importer reads), one iMessage conversation. */
export async function writeImessage(path: string, o: ChatAppOptions): Promise<Written> {
  const rng = new Rng(o.seed + 67);
  const friend = makePeople(o.seed)[7];
  const SQL = await initSqlJs();
  const db = new SQL.Database();
  db.run(CHAT_DB_TABLES);
  db.run('INSERT INTO handle (id, service) VALUES (?, ?)', [friend.number, 'iMessage']);
  db.run("INSERT INTO chat (guid, style, chat_identifier, display_name) VALUES (?, 45, ?, '')", [`iMessage;-;${friend.number}`, friend.number]);
  db.run('INSERT INTO chat_handle_join VALUES (1, 1)');
  db.run('BEGIN');
  const add = db.prepare('INSERT INTO message (guid, text, handle_id, service, date, is_from_me) VALUES (?, ?, 1, ?, ?, ?)');
  const join = db.prepare('INSERT INTO chat_message_join VALUES (1, ?)');
  times(rng, o.count, 1000).forEach((t, i) => {
    add.run([`G-${i}`, body(rng), 'iMessage', appleNanos(t).toString(), rng.chance(0.45) ? 1 : 0]);
    join.run([i + 1]);
  });
  add.free();
  join.free();
  db.run('COMMIT');
  const bytes = db.export();
  db.close();
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(path, bytes);
  return { bytes: bytes.length, events: o.count };
}
