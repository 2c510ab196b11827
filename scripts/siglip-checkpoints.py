"""Small .safetensors checkpoints named the way HF transformers, open_clip and big_vision name the
logit parameters, written by hand (8-byte little-endian header length, JSON header, raw bytes)
with numpy only. Writes test/fixtures/siglip/checkpoints/*.safetensors and expected.json (the
stored values as numpy reads them back, independent of the TypeScript reader).

Run: python3 scripts/siglip-checkpoints.py
"""
import json
import math
import os
import struct
import numpy as np

OUT = os.path.join(os.path.dirname(__file__), '..', 'test', 'fixtures', 'siglip', 'checkpoints')
CODES = {'F32': np.float32, 'F64': np.float64, 'F16': np.float16}

def bf16_bytes(x):
    # round-to-nearest-even float32 -> bfloat16
    u = np.array([x], dtype=np.float32).view(np.uint32)[0]
    u = (int(u) + 0x7FFF + ((int(u) >> 16) & 1)) >> 16
    return struct.pack('<H', u)

def bf16_value(x):
    u = struct.unpack('<H', bf16_bytes(x))[0] << 16
    return float(np.array([u], dtype=np.uint32).view(np.float32)[0])

def write(name, tensors):
    """tensors: list of (name, dtype, shape, values)."""
    header = {'__metadata__': {'format': 'pt'}}
    blobs = []
    offset = 0
    for tname, dtype, shape, values in tensors:
        if dtype == 'BF16':
            raw = b''.join(bf16_bytes(v) for v in values)
        else:
            raw = np.asarray(values, dtype=CODES[dtype]).astype('<' + np.dtype(CODES[dtype]).str[1:]).tobytes()
        header[tname] = {'dtype': dtype, 'shape': shape, 'data_offsets': [offset, offset + len(raw)]}
        blobs.append(raw)
        offset += len(raw)
    text = json.dumps(header).encode()
    text += b' ' * ((8 - len(text) % 8) % 8)
    path = os.path.join(OUT, name)
    with open(path + '.tmp', 'wb') as fh:
        fh.write(struct.pack('<Q', len(text)) + text + b''.join(blobs))
    os.replace(path + '.tmp', path)

os.makedirs(OUT, exist_ok=True)
rng = np.random.default_rng(2026)
w = lambda *s: list(rng.standard_normal(int(np.prod(s))).astype(np.float32))
f32 = lambda x: float(np.float32(x))
expected = {}

# HF transformers SiglipModel: top-level logit_scale, logit_bias of shape [1] (SigLIP 2 values)
ls, lb = math.log(117.8), -12.9
write('hf-siglip.safetensors', [
    ('logit_bias', 'F32', [1], [lb]), ('logit_scale', 'F32', [1], [ls]),
    ('text_model.head.weight', 'F32', [4, 3], w(4, 3)), ('vision_model.post_layernorm.bias', 'F32', [3], w(3))])
expected['hf-siglip.safetensors'] = {'logitScale': f32(ls), 'logitBias': f32(lb), 'scaleTensor': 'logit_scale', 'biasTensor': 'logit_bias'}

# open_clip state dict: 0-dim logit_scale, logit_bias (SigLIP init ln 10, -10)
ls, lb = math.log(10), -10.0
write('open-clip-init.safetensors', [
    ('visual.trunk.norm.weight', 'F32', [3], w(3)), ('logit_scale', 'F32', [], [ls]),
    ('text.text_projection', 'F32', [3, 2], w(3, 2)), ('logit_bias', 'F32', [], [lb])])
expected['open-clip-init.safetensors'] = {'logitScale': f32(ls), 'logitBias': f32(lb), 'scaleTensor': 'logit_scale', 'biasTensor': 'logit_bias'}

# open_clip saved from DDP (module. prefix), bfloat16, a clamped scale ln 100
ls, lb = math.log(100), -16.5
write('open-clip-ddp-bf16.safetensors', [
    ('module.logit_scale', 'BF16', [], [ls]), ('module.logit_bias', 'BF16', [], [lb]),
    ('module.visual.proj', 'F32', [2, 2], w(2, 2))])
expected['open-clip-ddp-bf16.safetensors'] = {'logitScale': bf16_value(ls), 'logitBias': bf16_value(lb), 'scaleTensor': 'module.logit_scale', 'biasTensor': 'module.logit_bias'}

# big_vision two-towers names: t (log scale), b (added bias), float64
ls, lb = 4.6, -11.75
write('big-vision.safetensors', [('params/t', 'F64', [1], [ls]), ('params/b', 'F64', [1], [lb]), ('params/img/head/kernel', 'F32', [2, 2], w(2, 2))])
expected['big-vision.safetensors'] = {'logitScale': ls, 'logitBias': lb, 'scaleTensor': 'params/t', 'biasTensor': 'params/b'}

# refused: a CLIP (softmax) checkpoint without a bias; two candidate scales; a non-scalar scale
write('clip-no-bias.safetensors', [('logit_scale', 'F32', [], [math.log(100)]), ('visual.proj', 'F32', [2, 2], w(2, 2))])
write('two-scales.safetensors', [('model.logit_scale', 'F32', [1], [2.3]), ('module.logit_scale', 'F32', [1], [2.4]), ('logit_bias', 'F32', [1], [-10])])
write('vector-scale.safetensors', [('logit_scale', 'F32', [2], [2.3, 2.3]), ('logit_bias', 'F32', [1], [-10])])

with open(os.path.join(OUT, 'expected.json'), 'w') as fh:
    json.dump(expected, fh, indent=2)
    fh.write('\n')
print(json.dumps(expected, indent=1))
