// The workbench's words in Simplified Chinese (the default, as the platforms' own workbenches) and English.
const words = {
  zh: {
    overview: '总览', monitors: '监控', penalties: '处罚中心', indicators: '指标', rules: '规则包',
    aboutToTimeOut: '即将超时', overdue: '已超时', warningsTitle: '预警消息', mute: '屏蔽', unmute: '恢复提醒',
    muted: '已屏蔽', newWarning: '新预警', live: '实时', offline: '连接中断，重连中…',
    'monitor.ship': '发货', 'monitor.pickup': '揽收', 'monitor.update': '物流更新', 'monitor.delivery': '派送',
    'monitor.route': '线路', 'monitor.fake-sign': '虚假签收', 'monitor.1688': '1688', 'monitor.taote': '淘宝特价版',
    'monitor.douyin': '抖音', 'monitor.aliexpress': '速卖通',
    shop: '店铺', platform: '平台', carrier: '快递公司', outlet: '网点', order: '订单', rule: '规则', tracking: '运单号',
    deadline: '截止时间', timeLeft: '剩余时间', state: '状态', amount: '金额', all: '全部', filter: '筛选', clear: '清除',
    exportCsv: '导出 CSV', loadMore: '加载更多', rows: '条', sortLeast: '剩余时间最少优先', sortMost: '剩余时间最多优先',
    timeline: '物流轨迹', findings: '判定', evidence: '证据', penalty: '处罚', exemption: '免责', actions: '处理',
    submitFiling: '提交报备', reason: '理由', detail: '说明', evidenceText: '证据（链接或描述）', submit: '提交',
    reissue: '补发（新单号）', newTracking: '新运单号', refund: '退款', refundAmount: '退款金额', record: '记录',
    penaltyAt: '处罚生效时间', stillExempts: '在处罚生效前，以下操作仍可免责：', tooLate: '处罚已生效：报备获批后撤销并退还。',
    noPenalty: '此规则不处罚', filingReasons: '可报备理由', refundExempts: '全额退款', reissueExempts: '补发新单号',
    paid: '付款', shipped: '发货（上传单号）', transfer: '转单', scan: '物流扫描', raw: '原始记录', milestone: '节点', site: '站点',
    'kind.warning': '预警', 'kind.violation': '违规', 'kind.penalty': '处罚', 'kind.exempted': '免责', 'kind.retracted': '撤回',
    'kind.revoked': '撤销', 'kind.strike': '店铺违规', 'kind.sanction': '限制', 'kind.rejected': '驳回',
    ledger: '账目', notConfigured: '未定额', charged: '已扣', spared: '免除', refunded: '已退还', net: '净额', filings: '报备', reviewerQueue: '待审核',
    approve: '通过', reject: '驳回', pending: '待审核', approved: '已通过', rejectedState: '已驳回', submittedAt: '提交时间',
    byDay: '按日', byCarrier: '按快递公司', byOutlet: '按网点', pickupRate: '48小时揽收率', updateRate: '24小时更新率',
    benchmark: '同行基准', noData: '暂无数据', indicatorsMissing: '指标接口不可用', echartsMissing: '图表库未安装（npm ci）',
    version: '版本', inForce: '生效中', effectiveFrom: '生效日期', source: '来源条款', parameters: '参数', title: '名称',
    keyPrompt: '请输入 API 密钥', signIn: '进入工作台', signOut: '退出', badKey: '密钥无效',
    zone: '时区', filingSent: '报备已提交', recorded: '已记录', reviewer: '审核员', merchant: '商家', error: '出错了',
    days: '天', hours: '小时', minutes: '分', seconds: '秒', ago: '前', notFound: '未找到', loading: '加载中…',
    'ms.pickup': '揽收', 'ms.hub-arrival': '到达中转', 'ms.hub-departure': '离开中转', 'ms.transit': '运输中',
    'ms.out-for-delivery': '派送中', 'ms.signed': '签收', 'ms.returned': '退回', 'ms.exception': '异常', 'ms.transfer': '转单',
    day: '日期', ranking: '违规最多的网点', stars: '星级', violations: '违规', shipments: '发货量',
    'event.order.paid': '付款', 'event.order.shipped': '发货（上传单号）', 'event.order.tracking-changed': '更换单号',
    'event.order.refunded': '退款', 'event.order.closed': '订单关闭', 'event.complaint': '投诉', 'event.filing.submitted': '提交报备',
    'event.filing.decided': '报备审核', 'event.announcement': '平台公告', 'event.clock': '时钟', 'event.shipped': '发货（上传单号）',
    'event.last-scan': '最后一条物流', 'event.stacking': '不叠加处罚', 'event.refund': '退款', 'event.reissue': '补发',
  },
  en: {
    overview: 'Overview', monitors: 'Monitors', penalties: 'Penalty centre', indicators: 'Indicators', rules: 'Rule packs',
    aboutToTimeOut: 'About to time out', overdue: 'Overdue', warningsTitle: 'Warnings', mute: 'Mute', unmute: 'Unmute',
    muted: 'muted', newWarning: 'New warning', live: 'Live', offline: 'Disconnected, reconnecting…',
    'monitor.ship': 'Shipping', 'monitor.pickup': 'Pickup', 'monitor.update': 'Trace update', 'monitor.delivery': 'Delivery',
    'monitor.route': 'Route', 'monitor.fake-sign': 'Fake sign-off', 'monitor.1688': '1688', 'monitor.taote': 'Taobao Special',
    'monitor.douyin': 'Douyin', 'monitor.aliexpress': 'AliExpress',
    shop: 'Shop', platform: 'Platform', carrier: 'Carrier', outlet: 'Outlet', order: 'Order', rule: 'Rule', tracking: 'Tracking',
    deadline: 'Deadline', timeLeft: 'Time left', state: 'State', amount: 'Amount', all: 'All', filter: 'Filter', clear: 'Clear',
    exportCsv: 'Export CSV', loadMore: 'Load more', rows: 'rows', sortLeast: 'Least time left first', sortMost: 'Most time left first',
    timeline: 'Trace', findings: 'Findings', evidence: 'Evidence', penalty: 'Penalty', exemption: 'Exemption', actions: 'Actions',
    submitFiling: 'Submit a filing', reason: 'Reason', detail: 'Detail', evidenceText: 'Evidence (link or description)', submit: 'Submit',
    reissue: 'Reissue (new tracking number)', newTracking: 'New tracking number', refund: 'Refund', refundAmount: 'Refund amount', record: 'Record',
    penaltyAt: 'Penalty takes effect', stillExempts: 'Before the penalty takes effect, these still exempt it:', tooLate: 'The penalty is charged: an approved filing revokes and refunds it.',
    noPenalty: 'This rule has no penalty', filingReasons: 'Filing reasons', refundExempts: 'a full refund', reissueExempts: 'a reissue under a new number',
    paid: 'Paid', shipped: 'Shipped (number uploaded)', transfer: 'Transfer', scan: 'Scan', raw: 'Raw record', milestone: 'Milestone', site: 'Site',
    'kind.warning': 'Warning', 'kind.violation': 'Violation', 'kind.penalty': 'Penalty', 'kind.exempted': 'Exempted', 'kind.retracted': 'Retracted',
    'kind.revoked': 'Revoked', 'kind.strike': 'Strike', 'kind.sanction': 'Sanction', 'kind.rejected': 'Rejected',
    ledger: 'Ledger', notConfigured: 'Rate not configured', charged: 'Charged', spared: 'Spared', refunded: 'Refunded', net: 'Net', filings: 'Filings', reviewerQueue: 'Reviewer queue',
    approve: 'Approve', reject: 'Reject', pending: 'Pending', approved: 'Approved', rejectedState: 'Rejected', submittedAt: 'Submitted',
    byDay: 'By day', byCarrier: 'By carrier', byOutlet: 'By outlet', pickupRate: '48 h pickup rate', updateRate: '24 h update rate',
    benchmark: 'Peer benchmark', noData: 'No data', indicatorsMissing: 'The indicators API is not available', echartsMissing: 'The chart library is not installed (npm ci)',
    version: 'Version', inForce: 'In force', effectiveFrom: 'Effective from', source: 'Source article', parameters: 'Parameters', title: 'Title',
    keyPrompt: 'Enter an API key', signIn: 'Open the workbench', signOut: 'Sign out', badKey: 'Invalid key',
    zone: 'Time zone', filingSent: 'Filing submitted', recorded: 'Recorded', reviewer: 'Reviewer', merchant: 'Merchant', error: 'Something went wrong',
    days: 'd', hours: 'h', minutes: 'm', seconds: 's', ago: 'ago', notFound: 'Not found', loading: 'Loading…',
    'ms.pickup': 'Picked up', 'ms.hub-arrival': 'Arrived at hub', 'ms.hub-departure': 'Left hub', 'ms.transit': 'In transit',
    'ms.out-for-delivery': 'Out for delivery', 'ms.signed': 'Signed', 'ms.returned': 'Returned', 'ms.exception': 'Exception', 'ms.transfer': 'Transfer',
    day: 'Day', ranking: 'Outlets with the most violations', stars: 'Stars', violations: 'Violations', shipments: 'Shipments',
    'event.order.paid': 'Paid', 'event.order.shipped': 'Shipped (number uploaded)', 'event.order.tracking-changed': 'Tracking number changed',
    'event.order.refunded': 'Refunded', 'event.order.closed': 'Order closed', 'event.complaint': 'Complaint', 'event.filing.submitted': 'Filing submitted',
    'event.filing.decided': 'Filing decided', 'event.announcement': 'Platform announcement', 'event.clock': 'Clock', 'event.shipped': 'Shipped (number uploaded)',
    'event.last-scan': 'Last scan', 'event.stacking': 'Does not stack', 'event.refund': 'Refund', 'event.reissue': 'Reissue',
  },
};

let language = localStorage.getItem('luyue.lang') === 'en' ? 'en' : 'zh';

export const lang = () => language;

export function setLang(next) {
  language = next;
  localStorage.setItem('luyue.lang', next);
  document.documentElement.lang = next === 'zh' ? 'zh-CN' : 'en';
}

/** The word for a key in the current language; the key itself when neither language has it (rule ids, codes). */
export const t = (key) => words[language][key] ?? words.zh[key] ?? key;

/** An event type or a finding's evidence kind (a milestone such as pickup, or an event such as filing.decided) in words. */
export const kindName = (kind) => (words.zh[`ms.${kind}`] ? t(`ms.${kind}`) : t(`event.${kind}`).replace(/^event\./, ''));
