// The monitors, in the order the overview shows them, and the monitor of a rule: the same grouping as the server's
// MonitorTypes (Tmall by rule, the other platforms by platform); the counts come from the server.
export const monitors = ['ship', 'pickup', 'update', 'delivery', 'route', 'fake-sign', '1688', 'taote', 'douyin', 'aliexpress'];

const tmall = {
  'tmall.ship-timeout': 'ship', 'tmall.pickup-timeout': 'pickup', 'tmall.update-timeout': 'update',
  'tmall.delivery-timeout': 'delivery', 'tmall.route-timeout': 'route', 'tmall.fake-sign': 'fake-sign',
};

export const monitorOf = (rule) => tmall[rule] ?? rule.split('.')[0];
