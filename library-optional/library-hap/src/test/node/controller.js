// A HomeKit controller for the integration tests: runs the steps of a plan (a JSON file
// named on the command line) against the bridge with hap-controller's IP client,
// connecting to plan.address (127.0.0.1 unless given) and plan.port, and prints one JSON
// line per step: {"step": <index>, "op": ..., "result": ...} or {"step": ..., "error": ...}.
// The "discover" step browses _hap._tcp over real multicast DNS with hap-controller's
// IPDiscovery (the dnssd package, an mDNS implementation independent of the bridge's JmDNS).
//
// A characteristic is named "<aid>/<type>" (type as the short HAP type, e.g. "25" for On)
// and resolved to "<aid>.<iid>" from the accessory listing.
'use strict';

const fs = require('fs');
const { HttpClient, IPDiscovery } = require('hap-controller');

const plan = JSON.parse(fs.readFileSync(process.argv[2], 'utf8'));

function shortType(type) {
  const match = /^0*([0-9A-F]+)-0000-1000-8000-0026BB765291$/i.exec(type);
  return (match ? match[1] : type).toUpperCase();
}

// json-bigint gives precise numbers as BigNumber objects: plain numbers for the test
function plain(value) {
  return value !== null && typeof value === 'object' && typeof value.toNumber === 'function' ? value.toNumber() : value;
}

function print(line) {
  process.stdout.write(JSON.stringify(line) + '\n');
}

// Browse until the bridge's service shows up with the expected TXT values (a service
// re-registered with new values shows up again, or as changed)
function discover(deviceId, expect, timeoutMs) {
  return new Promise((resolve, reject) => {
    const discovery = new IPDiscovery();
    const seen = [];
    const timer = setTimeout(() => {
      discovery.stop();
      reject(new Error('No _hap._tcp service ' + deviceId + ' with ' + JSON.stringify(expect) + ' within '
        + timeoutMs + ' ms; seen ' + JSON.stringify(seen)));
    }, timeoutMs);
    const check = (service) => {
      seen.push(service);
      if (service.id === deviceId && Object.entries(expect).every(([key, value]) => service[key] === value)) {
        clearTimeout(timer);
        discovery.stop();
        resolve(service);
      }
    };
    discovery.on('serviceUp', check);
    discovery.on('serviceChanged', check);
    discovery.start();
  });
}

async function main() {
  const pairingData = plan.pairingFile && fs.existsSync(plan.pairingFile) && !plan.steps.some((s) => s.op === 'pair')
    ? JSON.parse(fs.readFileSync(plan.pairingFile, 'utf8'))
    : undefined;
  // Connects on first use: to plan.address and plan.port, or with plan.address
  // "discovered" to the address and port the last "discover" step found
  let client;
  let discovered;
  const events = [];
  const connect = () => {
    if (!client) {
      const viaMdns = plan.address === 'discovered';
      if (viaMdns && !discovered) {
        throw new Error('Nothing discovered yet');
      }
      client = new HttpClient(plan.deviceId, viaMdns ? discovered.address : (plan.address || '127.0.0.1'),
        viaMdns ? discovered.port : plan.port, pairingData);
      client.on('event', (event) => events.push(...event.characteristics));
    }
    return client;
  };
  const iids = {};
  const resolve = (name) => {
    if (!iids[name]) {
      throw new Error('No characteristic ' + name + ' (list the accessories first)');
    }
    return iids[name];
  };
  const resolveAll = (values) => Object.fromEntries(Object.entries(values).map(([name, value]) => [resolve(name), value]));

  for (let index = 0; index < plan.steps.length; index++) {
    const step = plan.steps[index];
    try {
      let result;
      switch (step.op) {
        case 'pair':
          await connect().pairSetup(step.code);
          fs.writeFileSync(plan.pairingFile, JSON.stringify(client.getLongTermData()));
          result = { paired: true, controller: Buffer.from(client.getLongTermData().iOSDevicePairingID, 'hex').toString('utf8') };
          break;
        case 'accessories': {
          const listing = await connect().getAccessories();
          result = listing.accessories.map((accessory) => ({
            aid: accessory.aid,
            services: accessory.services.map((service) => ({
              iid: service.iid,
              type: shortType(service.type),
              characteristics: service.characteristics.map((c) => {
                iids[accessory.aid + '/' + shortType(c.type)] = accessory.aid + '.' + c.iid;
                return { iid: c.iid, type: shortType(c.type), perms: c.perms, format: c.format, value: plain(c.value) };
              }),
            })),
          }));
          break;
        }
        case 'read': {
          const ids = step.names.map(resolve);
          const answer = await connect().getCharacteristics(ids);
          result = Object.fromEntries(answer.characteristics.map((c, i) => [step.names[i], plain(c.value)]));
          break;
        }
        case 'write':
          result = JSON.parse(JSON.stringify(await connect().setCharacteristics(resolveAll(step.values)),
            (key, value) => plain(value)));
          break;
        case 'subscribe':
          await connect().subscribeCharacteristics(step.names.map(resolve));
          result = { subscribed: step.names };
          break;
        case 'await-event': {
          const id = resolve(step.name);
          const [aid, iid] = id.split('.').map(Number);
          const deadline = Date.now() + (step.timeoutMs || 15000);
          let found;
          while (!found && Date.now() < deadline) {
            found = events.find((e) => e.aid === aid && e.iid === iid && e.value === step.value);
            if (!found) {
              await new Promise((done) => setTimeout(done, 50));
            }
          }
          if (!found) {
            throw new Error('No event ' + JSON.stringify(step.value) + ' for ' + step.name + ', got ' + JSON.stringify(events));
          }
          result = found;
          break;
        }
        case 'discover':
          result = await discover(plan.deviceId, step.expect || {}, step.timeoutMs || 20000);
          discovered = result;
          break;
        case 'touch':
          fs.writeFileSync(step.path, 'injected by controller.js');
          result = { touched: step.path };
          break;
        case 'delete':
          fs.rmSync(step.path, { force: true });
          result = { deleted: step.path };
          break;
        case 'remove-pairing':
          await connect().removePairing(client.getLongTermData().iOSDevicePairingID);
          result = { removed: true };
          break;
        default:
          throw new Error('Unknown op ' + step.op);
      }
      print({ step: index, op: step.op, result });
    }
    catch (error) {
      print({ step: index, op: step.op, error: String((error && error.message) || error), statusCode: error && error.statusCode });
      if (!step.mayFail) {
        break;
      }
    }
  }
  if (client) {
    await client.close();
  }
}

main().then(() => process.exit(0), (error) => {
  print({ fatal: String(error && error.stack || error) });
  process.exit(1);
});
