"""Makes page.png and page.jpg, the small screenshot-like pictures the terminal-picture tests draw (a page with a
header bar, a search box, a red button and lines of text). Run once; the files are committed and never re-made by
tests.

    python3 make_page_pictures.py   # needs Pillow
"""

from PIL import Image, ImageDraw

image = Image.new("RGB", (160, 90), (250, 250, 250))
draw = ImageDraw.Draw(image)
draw.rectangle([0, 0, 159, 13], fill=(32, 64, 160))
draw.rectangle([6, 4, 40, 9], fill=(240, 240, 255))
draw.rectangle([10, 22, 110, 32], outline=(120, 120, 120), fill=(255, 255, 255))
draw.rectangle([116, 22, 150, 32], fill=(200, 40, 40))
for row in range(5):
    draw.rectangle([10, 42 + row * 9, 10 + 130 - row * 17, 45 + row * 9], fill=(90, 90, 90))
draw.ellipse([128, 50, 152, 80], fill=(40, 160, 70))
image.save("page.png", optimize=True)
image.save("page.jpg", quality=90)
