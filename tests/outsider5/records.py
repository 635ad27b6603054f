"""Records holding arrays that programs fill or update: namedtuples and dataclasses made in the
function, writes into their fields' arrays, and the same through lists and dicts."""

import dataclasses
from collections import namedtuple

import numpy as np

rng = np.random.default_rng(14)

State = namedtuple("State", ["W", "b"])


@dataclasses.dataclass
class Buffer:
    W: np.ndarray
    b: float


def namedtuple_fill_loop(x):
    p = State(np.zeros(3), 0.5)
    for i in range(3):
        p.W[i] = x[i] ** 2
    return np.sum(p.W)


def namedtuple_zero_entry(x):
    p = State(x * 1.0, 0.5)
    p.W[0] = 0.0
    return np.sum(p.W * x)


def namedtuple_augassign_entry(x):
    p = State(x * 1.0, 0.5)
    p.W[0] += 5.0 * x[1]
    return np.sum(p.W * x)


def dataclass_zero_entry(x):
    p = Buffer(x * 1.0, 0.5)
    p.W[0] = 0.0
    return np.sum(p.W * x)


def dataclass_slice_scale(x):
    p = Buffer(x * 1.0, 0.5)
    p.W[1:] *= 3.0
    return np.sum(p.W * x) + p.b


def copy_record_then_store(p, x):
    q = State(p.W.copy(), p.b)
    q.W[0] = x[0] * 10.0
    return np.sum(q.W ** 2)


def record_fields_read_only(x):
    p = State(x * 2.0, np.sum(x))
    return np.sum(p.W ** 2) * p.b


def list_slot_entry_store(x):
    y = x * 1.0
    lst = [y, y * 2]
    lst[0][1] = 4.0 * x[0]
    return np.sum(y * x)


def dict_slot_slice_update(x):
    d = {"a": x * 1.0}
    d["a"][1:] *= 2.0
    return np.sum(d["a"] * x)


def field_read_then_store(x):
    p = State(x * 1.0, 0.0)
    w = p.W
    w[0] = 0.0
    return np.sum(p.W * x)


def field_read_then_scale(x):
    p = State(x * 1.0, 0.0)
    w = p.W
    w *= 2.0
    return np.sum(p.W * x)


def record_in_list_store(x):
    ps = [State(x * 1.0, 0.0)]
    ps[0].W[1] = 0.0
    return np.sum(ps[0].W * x)


def argument_record_store(p, x):
    p.W[0] = x[0] * 10.0          # writes into the caller's array: should be refused
    return np.sum(p.W ** 2)


class Lin:
    def __init__(self, W):
        self.W = W

    def __call__(self, x):
        return self.W * x


def plain_object_fill(x):
    layer = Lin(np.zeros(3))
    for i in range(3):
        layer.W[i] = x[i] ** 2
    return np.sum(layer(np.ones(3)))


def plain_object_scale_through_name(x):
    layer = Lin(x * 1.0)
    w = layer.W
    w *= 3.0
    return np.sum(layer(x))


class Acc:
    def __init__(self):
        self.v = {"a": 0.0}

    def add(self, g):
        self.v["a"] = 0.9 * self.v["a"] + g
        return self.v["a"]


class History:
    def __init__(self):
        self.hist = []

    def push(self, g):
        self.hist.append(g)
        return sum(self.hist)


def method_updates_dict(x):
    acc = Acc()
    out = 0.0
    for i in range(3):
        out = out + acc.add(x[i])
    return out


def method_appends(x):
    acc = History()
    out = 0.0
    for i in range(3):
        out = out + acc.push(x[i] ** 2)
    return out


Rec = namedtuple("Rec", ["hs", "scale"])


class Box:
    def __init__(self):
        self.hist = []


def append_to_record_list(x):
    rec = Rec([], 2.0)
    for i in range(3):
        rec.hs.append(x[i] * rec.scale)
    return sum(v * v for v in rec.hs)


def append_to_object_list(x):
    b = Box()
    for i in range(3):
        b.hist.append(x[i] ** 2)
    return sum(b.hist)


class Holder:
    def __init__(self, v):
        self.v = v

    def __call__(self, x):
        return self.v * x


def setattr_on_object(x):
    b = Holder(x[0])
    setattr(b, "v", x[1] * 2.0)
    return b(x[2])


X3 = np.array([0.3, -0.7, 1.2])

CASES = [
    dict(f=namedtuple_fill_loop, args=(X3,), wrt=0),
    dict(f=namedtuple_zero_entry, args=(X3,), wrt=0),
    dict(f=namedtuple_augassign_entry, args=(X3,), wrt=0),
    dict(f=dataclass_zero_entry, args=(X3,), wrt=0),
    dict(f=dataclass_slice_scale, args=(X3,), wrt=0),
    dict(f=copy_record_then_store, args=(State(np.array([1.0, 2.0, 3.0]), 0.5), X3), wrt=1, alt=0),
    dict(f=record_fields_read_only, args=(X3,), wrt=0),
    dict(f=field_read_then_store, args=(X3,), wrt=0),
    dict(f=field_read_then_scale, args=(X3,), wrt=0),
    dict(f=record_in_list_store, args=(X3,), wrt=0),
    dict(f=argument_record_store, args=(State(np.array([1.0, 2.0, 3.0]), 0.5), X3), wrt=1),
    dict(f=plain_object_fill, args=(X3,), wrt=0),
    dict(f=plain_object_scale_through_name, args=(X3,), wrt=0),
    dict(f=method_updates_dict, args=(X3,), wrt=0),
    dict(f=method_appends, args=(X3,), wrt=0),
    dict(f=append_to_record_list, args=(X3,), wrt=0),
    dict(f=append_to_object_list, args=(X3,), wrt=0),
    dict(f=setattr_on_object, args=(X3,), wrt=0),
    dict(f=list_slot_entry_store, args=(X3,), wrt=0),
    dict(f=dict_slot_slice_update, args=(X3,), wrt=0),
]
