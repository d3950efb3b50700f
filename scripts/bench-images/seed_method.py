"""The seed's own image compression, the baseline of `npm run bench:images`.

`compress_image` below is the seed's function (blech_clust, pipeline_testing/s3_utils.py),
kept statement for statement: Pillow, one core. Skip a file already under the cap; scale =
cap / file bytes applied to width and height alike; Lanczos resize; save in the same format at
quality 25 (optimize); while over the cap: resize from the original at the current scale, save
at quality 90, halve the scale; then write the last resized image at quality 90 in place of the
file (so a quality-25 fit is written at quality 90, as the seed does). A failure leaves the file
as it was (the seed prints and returns False). Only `print` is silenced.

Protocol: argv[1] is a JSON file [{"input": path, "work": path}, ...]; each input is copied to
its work path (the seed compresses in place) and compressed there. Prints one JSON object:
{"pillow": version, "images": [{"ms": wall ms of compress_image, "ok": bool, "error": str?}]}.
"""
import json
import os
import shutil
import sys
import time
from io import BytesIO

import PIL
from PIL import Image


def compress_image(image_path, max_size_kb=50, errors=None):
    try:
        if not os.path.exists(image_path):
            return False
        current_size = os.path.getsize(image_path)
        if current_size <= max_size_kb * 1024:
            return True
        img = Image.open(image_path)
        img_format = img.format if img.format else 'PNG'
        width, height = img.size
        scale_factor = (max_size_kb * 1024) / current_size
        new_width = int(width * scale_factor)
        new_height = int(height * scale_factor)
        resized_img = img.resize((new_width, new_height), Image.LANCZOS)
        temp_buffer = BytesIO()
        resized_img.save(temp_buffer, format=img_format, quality=25, optimize=True)
        temp_size = temp_buffer.getbuffer().nbytes
        while temp_size > max_size_kb * 1024:
            new_width = int(width * scale_factor)
            new_height = int(height * scale_factor)
            resized_img = img.resize((new_width, new_height), Image.LANCZOS)
            temp_buffer = BytesIO()
            resized_img.save(temp_buffer, format=img_format, quality=90, optimize=True)
            temp_size = temp_buffer.getbuffer().nbytes
            scale_factor *= 0.5
        resized_img.save(image_path, format=img_format, quality=90, optimize=True)
        return True
    except Exception as e:  # the seed: print and return False
        if errors is not None:
            errors.append(str(e).split('\n')[0])
        return False


def main():
    with open(sys.argv[1]) as f:
        jobs = json.load(f)
    out = []
    for job in jobs:
        shutil.copyfile(job['input'], job['work'])
        errors = []
        t0 = time.perf_counter()
        ok = compress_image(job['work'], errors=errors)
        ms = (time.perf_counter() - t0) * 1000
        row = {'ms': ms, 'ok': ok}
        if errors:
            row['error'] = errors[0]
        out.append(row)
    print(json.dumps({'pillow': PIL.__version__, 'python': sys.version.split()[0], 'images': out}))


if __name__ == '__main__':
    main()
