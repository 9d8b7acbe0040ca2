#!/usr/bin/env python3
"""Charges every live object of a heap dump to its owner: the nearest object above it in the dominator tree whose
class is one of OWNERS (or the owner groups below), and prints the bytes of each owner, per monitor.

    jcmd <pid> GC.heap_dump /tmp/h.hprof
    python3 docs/heap-owners.py /tmp/h.hprof 10000 [top]

An object is dominated by X when every path from the GC roots to it passes through X: so the bytes charged to an
owner are what would go if the owner went. Shallow sizes are those of a 64-bit JVM with compressed oops and class
pointers (12-byte header, 4-byte references, 8-byte alignment; arrays 16 bytes of header). Classes are treated as
roots (their statics are charged to "class statics"). Plain Python 3, nothing to install; a dump of 1.5 M
objects takes a few minutes.
"""
import struct
import sys
from array import array
from collections import defaultdict

# owners, nearest first: the first class met walking up the dominator tree names the owner; a prefix ends with '*'
OWNERS = [
    ("Spring Environment: the config file's property source", ["org.springframework.boot.env.OriginTrackedMapPropertySource"]),
    ("Spring Environment: configuration property name caches", [
        "org.springframework.boot.context.properties.source.SpringIterableConfigurationPropertySource",
        "org.springframework.boot.context.properties.source.SpringConfigurationPropertySources",
        "org.springframework.boot.context.properties.source.ConfigurationPropertySourcesPropertySource",
        "org.springframework.boot.context.properties.source.SpringConfigurationPropertySource"]),
    ("config: HealthmonProperties (monitors as written)", ["dev.healthmon.config.HealthmonProperties"]),
    ("config: MonitorSpec (ManagedMonitors)", ["dev.healthmon.config.MonitorSpec"]),
    ("metrics: Micrometer meters (ids, tags, Prometheus collectors)", [
        "io.micrometer.core.instrument.Meter$Id", "io.micrometer.core.instrument.internal.DefaultGauge",
        "io.micrometer.prometheusmetrics.PrometheusCounter", "io.micrometer.prometheusmetrics.*",
        "io.prometheus.*", "dev.healthmon.app.MonitorMeters"]),
    ("store: CheckTallies (per-monitor tally)", ["dev.healthmon.store.CheckTallies$Tally"]),
    ("Reactor Netty: connection pool of a monitor's address", [
        "reactor.netty.internal.shaded.reactor.pool.SimpleDequePool",
        "reactor.netty.resources.PooledConnectionProvider$PoolKey"]),
    ("Netty: a kept-alive channel and its pipeline", ["io.netty.channel.epoll.EpollSocketChannel",
                                                        "io.netty.channel.socket.nio.NioSocketChannel"]),
    ("Reactor Netty: HttpClient / its config", ["reactor.netty.http.client.HttpClientConfig",
                                                 "reactor.netty.http.client.HttpClient*"]),
    ("probe: HttpProbe / TcpProbe", ["dev.healthmon.core.probe.HttpProbe", "dev.healthmon.core.probe.TcpProbe",
                                     "dev.healthmon.core.probe.*"]),
    ("monitor: its Flux.interval pipeline (ticks, concatMap, reducer, subscribed operators)", [
        "reactor.core.publisher.FluxInterval$IntervalRunnable", "reactor.core.publisher.LambdaSubscriber",
        "reactor.core.publisher.FluxConcatArray$ConcatArraySubscriber"]),
    ("bench: CheckRecorder / TickScheduler wrappers", ["dev.healthmon.bench.*"]),
    ("timer wheel: a monitor's periodic task", ["dev.healthmon.core.probe.WheelScheduler*"]),
    ("metrics: MonitorSeries (counts, collected at scrape)", ["dev.healthmon.app.MonitorSeries"]),
    ("config: ManagedMonitors (specs, monitors as written)", ["dev.healthmon.app.ManagedMonitors"]),
    ("config: HealthCheckConfig and its settings", ["dev.healthmon.core.model.HealthCheckConfig"]),
    ("Netty event loops: channel maps and task queues", ["io.netty.channel.epoll.EpollIoHandler",
                                                          "io.netty.channel.SingleThreadIoEventLoop"]),
    ("monitor: ScheduledMonitor and its state", ["dev.healthmon.core.schedule.ScheduledMonitor"]),
    ("monitor: MonitorTask", ["dev.healthmon.core.schedule.MonitorTask"]),
    ("registry entry", ["dev.healthmon.core.schedule.MonitorRegistry*"]),
    ("timer wheel: buckets and entries", ["io.netty.util.HashedWheelTimer*"]),
    # held from several places, so under no single owner above: charged by their own class
    ("monitor state values (MonitorState, Transition, Observation, Outcome, events)", [
        "dev.healthmon.core.model.*"]),
    ("monitor and store objects held from several places", ["dev.healthmon.*"]),
    ("Reactor operators held from several places (pipelines, checks in flight)", ["reactor.core.*", "reactor.util.*"]),
    ("Reactor Netty objects held from several places", ["reactor.netty.*"]),
    ("Netty objects held from several places (channel parts, event loops)", ["io.netty.*"]),
    ("URIs and socket addresses", ["java.net.*"]),
    ("Spring and Micrometer objects held from several places", ["org.springframework.*", "io.micrometer.*"]),
]

T_SIZE = {2: 0, 4: 1, 5: 2, 6: 4, 7: 8, 8: 1, 9: 2, 10: 4, 11: 8}
PRIM_NAME = {4: "boolean[]", 5: "char[]", 6: "float[]", 7: "double[]", 8: "byte[]", 9: "short[]", 10: "int[]",
             11: "long[]"}


def align(n):
    return (n + 7) & ~7


def parse(path):
    data = open(path, "rb").read()
    nul = data.index(b"\0")
    ids = struct.unpack(">I", data[nul + 1:nul + 5])[0]
    assert ids == 8, "only 64-bit dumps"
    pos = nul + 1 + 4 + 8
    strings = {}
    class_name_id = {}
    classes = {}  # class id -> (super id, [field types], instance size, static refs)
    obj_ids = array("Q")
    obj_class = array("Q")  # class id, or for arrays a tag
    obj_size = array("I")
    ref_start = array("Q")
    refs = array("Q")
    roots = set()
    instances = []  # (position of the field bytes, length, class id, index) parsed after all classes are known
    Q = struct.Struct(">Q")
    I = struct.Struct(">I")
    end = len(data)
    while pos < end:
        tag = data[pos]
        length = I.unpack_from(data, pos + 5)[0]
        body = pos + 9
        pos = body + length
        if tag == 0x01:
            strings[Q.unpack_from(data, body)[0]] = data[body + 8:body + length].decode("utf-8", "replace")
        elif tag == 0x02:
            cid = Q.unpack_from(data, body + 4)[0]
            class_name_id[cid] = Q.unpack_from(data, body + 16)[0]
        elif tag in (0x0C, 0x1C):
            p = body
            stop = body + length
            while p < stop:
                sub = data[p]
                p += 1
                if sub == 0xFF or sub == 0x05 or sub == 0x07:
                    roots.add(Q.unpack_from(data, p)[0]); p += 8
                elif sub == 0x01:
                    roots.add(Q.unpack_from(data, p)[0]); p += 16
                elif sub in (0x02, 0x03, 0x08):
                    roots.add(Q.unpack_from(data, p)[0]); p += 16
                elif sub in (0x04, 0x06):
                    roots.add(Q.unpack_from(data, p)[0]); p += 12
                elif sub == 0x20:
                    cid = Q.unpack_from(data, p)[0]
                    sup = Q.unpack_from(data, p + 12)[0]
                    isize = I.unpack_from(data, p + 60)[0]
                    p += 64
                    ncp = struct.unpack_from(">H", data, p)[0]; p += 2
                    for _ in range(ncp):
                        t = data[p + 2]
                        p += 3 + (8 if t == 2 else T_SIZE[t])
                    nst = struct.unpack_from(">H", data, p)[0]; p += 2
                    statics = []
                    for _ in range(nst):
                        t = data[p + 8]
                        p += 9
                        if t == 2:
                            statics.append(Q.unpack_from(data, p)[0]); p += 8
                        else:
                            p += T_SIZE[t]
                    nf = struct.unpack_from(">H", data, p)[0]; p += 2
                    fields = []
                    for _ in range(nf):
                        fields.append(data[p + 8]); p += 9
                    classes[cid] = (sup, fields, isize, statics)
                elif sub == 0x21:
                    oid = Q.unpack_from(data, p)[0]
                    cid = Q.unpack_from(data, p + 12)[0]
                    n = I.unpack_from(data, p + 20)[0]
                    instances.append((p + 24, n, cid, len(obj_ids)))
                    obj_ids.append(oid); obj_class.append(cid); obj_size.append(0); ref_start.append(0)
                    p += 24 + n
                elif sub == 0x22:
                    oid = Q.unpack_from(data, p)[0]
                    n = I.unpack_from(data, p + 12)[0]
                    acid = Q.unpack_from(data, p + 16)[0]
                    obj_ids.append(oid); obj_class.append(acid); obj_size.append(align(16 + 4 * n))
                    ref_start.append(len(refs))
                    refs.extend(struct.unpack_from(">%dQ" % n, data, p + 24))
                    p += 24 + 8 * n
                elif sub == 0x23:
                    oid = Q.unpack_from(data, p)[0]
                    n = I.unpack_from(data, p + 12)[0]
                    t = data[p + 16]
                    obj_ids.append(oid); obj_class.append(t); obj_size.append(align(16 + T_SIZE[t] * n))
                    ref_start.append(len(refs))
                    p += 17 + T_SIZE[t] * n
                else:
                    raise ValueError("unknown heap sub-record %x at %d" % (sub, p))
    # instance fields: walk the class chain, references are the type-2 fields
    layouts = {}

    def layout(cid):
        got = layouts.get(cid)
        if got is None:
            offsets = []
            off = 0
            size = 12
            c = cid
            while c in classes:
                sup, fields, _, _ = classes[c]
                for t in fields:
                    if t == 2:
                        offsets.append(off); off += 8; size += 4
                    else:
                        off += T_SIZE[t]; size += T_SIZE[t]
                c = sup
            got = layouts[cid] = (offsets, align(size))
        return got
    # instances were appended in order with the arrays, so their refs go in a second list, merged below
    inst_refs = {}
    for start, n, cid, idx in instances:
        offsets, size = layout(cid)
        obj_size[idx] = size
        inst_refs[idx] = [Q.unpack_from(data, start + o)[0] for o in offsets]
    del instances
    # class objects are nodes too (their statics), each a root
    names = {}
    for cid, (sup, fields, isize, statics) in classes.items():
        names[cid] = strings.get(class_name_id.get(cid, 0), "?").replace("/", ".")
        idx = len(obj_ids)
        obj_ids.append(cid); obj_class.append(0); obj_size.append(0); ref_start.append(0)
        inst_refs[idx] = statics
        roots.add(cid)
    return obj_ids, obj_class, obj_size, ref_start, refs, inst_refs, roots, names, classes


def main():
    path = sys.argv[1]
    monitors = int(sys.argv[2]) if len(sys.argv) > 2 else 1
    top = int(sys.argv[3]) if len(sys.argv) > 3 else 25
    obj_ids, obj_class, obj_size, ref_start, refs, inst_refs, roots, names, classes = parse(path)
    n = len(obj_ids)
    index = {oid: i + 1 for i, oid in enumerate(obj_ids)}  # node 0 is the super root
    is_array = [False] * n
    # successors per node (1-based), the super root first
    succ = [None] * (n + 1)
    succ[0] = [index[r] for r in roots if r in index]
    for i in range(n):
        if i in inst_refs:
            targets = inst_refs[i]
        else:
            # arrays: object arrays have refs from ref_start[i] to the next array's start
            targets = None
        succ[i + 1] = targets
    # object arrays: their refs are contiguous, in order of the arrays
    array_nodes = [i for i in range(n) if i not in inst_refs]
    for k, i in enumerate(array_nodes):
        is_array[i] = True
        a = ref_start[i]
        b = ref_start[array_nodes[k + 1]] if k + 1 < len(array_nodes) else len(refs)
        succ[i + 1] = refs[a:b]
    for v in range(1, n + 1):
        s = succ[v]
        succ[v] = [index[t] for t in s if t and t in index]
    # depth-first order from the super root
    order = []
    rpo_num = [-1] * (n + 1)
    parent_of = [-1] * (n + 1)
    stack = [(0, 0)]
    seen = bytearray(n + 1)
    seen[0] = 1
    post = []
    while stack:
        v, k = stack.pop()
        s = succ[v]
        if k < len(s):
            stack.append((v, k + 1))
            w = s[k]
            if not seen[w]:
                seen[w] = 1
                stack.append((w, 0))
        else:
            post.append(v)
    rpo = post[::-1]
    for i, v in enumerate(rpo):
        rpo_num[v] = i
    preds = [[] for _ in range(n + 1)]
    for v in rpo:
        for w in succ[v]:
            preds[w].append(v)
    idom = [-1] * (n + 1)
    idom[0] = 0
    changed = True
    passes = 0
    while changed:
        changed = False
        passes += 1
        for v in rpo[1:]:
            new = -1
            for p in preds[v]:
                if idom[p] == -1:
                    continue
                if new == -1:
                    new = p
                    continue
                a, b = p, new
                while a != b:
                    while rpo_num[a] > rpo_num[b]:
                        a = idom[a]
                    while rpo_num[b] > rpo_num[a]:
                        b = idom[b]
                new = a
            if idom[v] != new:
                idom[v] = new
                changed = True
    sys.stderr.write("objects %d, reachable %d, dominator passes %d\n" % (n, len(rpo), passes))

    def class_name(i):
        c = obj_class[i]
        if i in inst_refs:
            return names.get(c, "?") if c else "class " + names.get(obj_ids[i], "?")
        if is_array[i] and c in names:
            return names[c]
        return PRIM_NAME.get(c, names.get(c, "?"))

    # specific owners first: the nearest one up the dominator tree (the object itself included) wins; an object under
    # none is charged to the nearest of the groups "held from several places" and the like, by class
    split = next(i for i, (owner_name, _) in enumerate(OWNERS) if owner_name.startswith("monitor state values"))

    def matcher(groups):
        table = [(pattern, name) for name, patterns in groups for pattern in patterns]
        cache = {}

        def match(name):
            if name not in cache:
                cache[name] = next((own for pattern, own in table
                                    if (pattern.endswith("*") and name.startswith(pattern[:-1])) or name == pattern),
                                   None)
            return cache[name]
        return match

    specific = matcher(OWNERS[:split])
    general = matcher(OWNERS[split:])
    names_of = {}

    def name_of(v):
        got = names_of.get(v)
        if got is None:
            got = names_of[v] = class_name(v - 1)
        return got

    owner = [None] * (n + 1)
    for v in rpo[1:]:
        own = specific(name_of(v))
        if own is None and name_of(v).startswith("class "):
            own = "class statics"
        owner[v] = own if own is not None else owner[idom[v]]
    fallback = [None] * (n + 1)
    for v in rpo[1:]:
        if owner[v] is None:
            own = general(name_of(v))
            fallback[v] = own if own is not None else fallback[idom[v]]
    for v in rpo[1:]:
        if owner[v] is None and fallback[v] is not None:
            owner[v] = fallback[v]
    totals = defaultdict(int)
    counts = defaultdict(int)
    rest = defaultdict(int)
    rest_by_idom_class = defaultdict(int)
    for v in rpo[1:]:
        i = v - 1
        own = owner[v] or "other (not under an owner above)"
        totals[own] += obj_size[i]
        if owner[v] is None:
            rest[class_name(i)] += obj_size[i]
    total = sum(totals.values())
    print("live heap %.1f MB in %d objects; per monitor = / %d" % (total / 1048576, len(rpo) - 1, monitors))
    print("| owner | bytes | bytes per monitor |")
    print("| --- | --- | --- |")
    for own, b in sorted(totals.items(), key=lambda kv: -kv[1]):
        print("| %s | %d | %d |" % (own, b, b // monitors))
    print("\nlargest classes not under an owner:")
    for name, b in sorted(rest.items(), key=lambda kv: -kv[1])[:top]:
        print("  %10d  %7.1f/mon  %s" % (b, b / monitors, name))
    # the unowned bytes by the nearest ancestor in the dominator tree whose class is not the JDK's or an array:
    # what to add to OWNERS
    anc = [None] * (n + 1)
    by_anc = defaultdict(int)
    for v in rpo[1:]:
        name = class_name(v - 1)
        if name.startswith("java.") or name.startswith("sun.") or name.endswith("[]") or name.startswith("[") \
                or name.startswith("jdk."):
            anc[v] = anc[idom[v]]
        else:
            anc[v] = name
        if owner[v] is None:
            by_anc[anc[v] or "(the JDK alone)"] += obj_size[v - 1]
    jdk_alone = defaultdict(int)
    for v in rpo[1:]:
        if owner[v] is None and anc[v] is None:
            jdk_alone[class_name(v - 1)] += obj_size[v - 1]
    print("\nunowned bytes with the JDK alone above them, by class:")
    for name, b in sorted(jdk_alone.items(), key=lambda kv: -kv[1])[:top]:
        print("  %10d  %7.1f/mon  %s" % (b, b / monitors, name))
    print("\nunowned bytes by their nearest non-JDK dominator:")
    for name, b in sorted(by_anc.items(), key=lambda kv: -kv[1])[:top]:
        print("  %10d  %7.1f/mon  %s" % (b, b / monitors, name))
    if len(sys.argv) > 4:
        # for each owner given, its top classes; "who:CLASS" prints what refers to and dominates CLASS's instances
        for want in sys.argv[4:]:
            if want.startswith("ret:"):
                # the bytes that would go with the instances of CLASS: the sizes of their dominator subtrees
                cls = want[4:]
                retained = [0] * (n + 1)
                for v in reversed(rpo):
                    retained[v] += obj_size[v - 1] if v else 0
                    if v:
                        retained[idom[v]] += retained[v]
                hits = [v for v in rpo[1:] if class_name(v - 1) == cls]
                total_ret = sum(retained[v] for v in hits)
                print("\nretained by %d %s: %d bytes, %.1f per monitor" % (len(hits), cls, total_ret,
                                                                          total_ret / monitors))
                continue
            if want.startswith("who:"):
                cls = want[4:]
                referrers = defaultdict(int)
                doms = defaultdict(int)
                for v in rpo[1:]:
                    if class_name(v - 1) == cls:
                        for p in preds[v]:
                            referrers[class_name(p - 1) if p else "(root)"] += 1
                        chain = []
                        d = idom[v]
                        while d and len(chain) < int(__import__("os").environ.get("CHAIN", "4")):
                            chain.append(class_name(d - 1).split(".")[-1])
                            d = idom[d]
                        doms[" < ".join(chain)] += 1
                print("\nreferrers of %s:" % cls)
                for name, c in sorted(referrers.items(), key=lambda kv: -kv[1])[:top]:
                    print("  %8d  %s" % (c, name))
                print("dominators of %s (nearest first):" % cls)
                for name, c in sorted(doms.items(), key=lambda kv: -kv[1])[:top]:
                    print("  %8d  %s" % (c, name))
                continue
            by = defaultdict(int)
            for v in rpo[1:]:
                if owner[v] and want in owner[v]:
                    by[class_name(v - 1)] += obj_size[v - 1]
            print("\nclasses under '%s':" % want)
            for name, b in sorted(by.items(), key=lambda kv: -kv[1])[:top]:
                print("  %10d  %7.1f/mon  %s" % (b, b / monitors, name))


if __name__ == "__main__":
    main()
